import { InMemoryOffsetStore } from '../../src/projection/InMemoryOffsetStore.js'
import { offsetStoreContract } from './offsetStoreContract.js'

offsetStoreContract('InMemoryOffsetStore', async (options) => {
  const store = new InMemoryOffsetStore(options?.sequenceWindow === undefined ? {} : { sequenceWindow: options.sequenceWindow })
  return { store, close: () => store.close() }
})
