/**
 * Fragmentation and reassembly (the FOLLOWS flag). A request or payload larger than the fragment
 * size is sent as its first frame with FOLLOWS set, then PAYLOAD frames (NEXT, and FOLLOWS on all
 * but the last); metadata is sent completely before data. The receiver joins the parts, up to a
 * bound, and only then sees one frame.
 *
 * @module
 */
import { RSocketFrameError } from '../RSocketFrameError.js'
import { FrameType, HEADER_SIZE, type Frame, type PayloadFrame, type RequestChannelFrame, type RequestFrame, type RequestStreamFrame } from './frame.js'

/** A frame that carries metadata and data, and so may be fragmented. @internal */
export type CarrierFrame = RequestFrame | RequestStreamFrame | RequestChannelFrame | PayloadFrame

/** The smallest fragment size (room for a header, request-n, a metadata length and some bytes). @internal */
export const MIN_FRAGMENT_SIZE = 64

const OVERHEAD = HEADER_SIZE + 4 + 3

function size(frame: CarrierFrame): number {
  return OVERHEAD + (frame.metadata?.length ?? 0) + frame.data.length
}

/** Splits `frame` into frames of at most `fragmentSize` bytes (one frame when it fits). @internal */
export function fragment(frame: CarrierFrame, fragmentSize: number): CarrierFrame[] {
  if (size(frame) <= fragmentSize) return [frame]
  return split(frame, fragmentSize)
}

/** Whether `frame` must be fragmented. @internal */
export function needsFragments(frame: CarrierFrame, fragmentSize: number): boolean {
  return size(frame) > fragmentSize
}

function split(frame: CarrierFrame, fragmentSize: number): CarrierFrame[] {
  const room = fragmentSize - OVERHEAD
  const metadata = frame.metadata ?? new Uint8Array(0)
  const hasMetadata = frame.metadata !== null
  const out: CarrierFrame[] = []
  let m = 0
  let d = 0
  while (m < metadata.length || d < frame.data.length || out.length === 0) {
    const mPart = metadata.subarray(m, m + room)
    m += mPart.length
    const dPart = frame.data.subarray(d, d + (room - mPart.length))
    d += dPart.length
    const last = m >= metadata.length && d >= frame.data.length
    const md = hasMetadata && (mPart.length > 0 || out.length === 0) ? mPart : null
    if (out.length === 0) out.push({ ...frame, follows: !last, metadata: md, data: dPart } as CarrierFrame)
    else
      out.push({
        type: FrameType.PAYLOAD,
        streamId: frame.streamId,
        follows: !last,
        complete: last && (frame.type === FrameType.PAYLOAD || frame.type === FrameType.REQUEST_CHANNEL) && frame.complete,
        next: true,
        metadata: md,
        data: dPart,
      })
  }
  // The first frame keeps the original's COMPLETE only when it is also the last.
  const first = out[0]!
  if (out.length > 1 && (first.type === FrameType.PAYLOAD || first.type === FrameType.REQUEST_CHANNEL)) out[0] = { ...first, complete: false }
  return out
}

/** Joins the fragments of one stream. @internal */
export class Reassembly {
  private first: CarrierFrame
  private readonly metadata: Uint8Array[] = []
  private readonly data: Uint8Array[] = []
  private size = 0

  constructor(
    first: CarrierFrame,
    private readonly maxSize: number,
  ) {
    this.first = first
    this.add(first)
  }

  /** Adds a following fragment; returns the whole frame when it was the last. */
  next(frame: Frame): CarrierFrame | null {
    if (frame.type !== FrameType.PAYLOAD) throw new RSocketFrameError(`expected a PAYLOAD fragment on stream ${frame.streamId}, got frame type ${frame.type}`)
    this.add(frame)
    if (frame.follows) return null
    const whole = {
      ...this.first,
      follows: false,
      metadata: this.first.metadata === null && this.metadata.length === 0 ? null : join(this.metadata),
      data: join(this.data),
    } as CarrierFrame
    if (whole.type === FrameType.PAYLOAD || whole.type === FrameType.REQUEST_CHANNEL) return { ...whole, complete: whole.complete || frame.complete }
    return whole
  }

  private add(frame: CarrierFrame): void {
    this.size += (frame.metadata?.length ?? 0) + frame.data.length
    if (this.size > this.maxSize) throw new RSocketFrameError(`fragmented payload on stream ${frame.streamId} exceeds the maximum payload size of ${this.maxSize} bytes`)
    // Copies: the fragments are views into transport chunks.
    if (frame.metadata !== null && frame.metadata.length > 0) this.metadata.push(frame.metadata.slice())
    if (frame.data.length > 0) this.data.push(frame.data.slice())
  }
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
