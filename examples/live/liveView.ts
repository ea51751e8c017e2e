/**
 * A block of text the demos keep up to date while they run. On a terminal it is redrawn in place
 * (the cursor moves up over the previous drawing, ANSI `ESC[nA`, and clears to the end of the
 * screen); when stdout is not a terminal (a CI log, a pipe) a block is appended now and then
 * instead, so the log stays readable.
 */
export interface LiveViewOptions {
  /** Where the text goes (default: `process.stdout.write`). */
  readonly out?: (text: string) => void
  /** Redraw in place (default: whether stdout is a terminal). */
  readonly tty?: boolean
  /** How often to redraw on a terminal (ms, default 250). */
  readonly everyMs?: number
  /** How often to append a block when not on a terminal (ms, default 1000). */
  readonly plainEveryMs?: number
}

export interface LiveView {
  /** Prints `text` (whole lines) above the live block, which is then drawn again below it. */
  log(text: string): void
  /** Stops redrawing; the last drawing stays. */
  stop(): void
}

const ESC = '\u001b['

/** Starts redrawing `render()` (a few lines of text, no trailing newline). */
export function liveView(render: () => string, options: LiveViewOptions = {}): LiveView {
  const out = options.out ?? ((text: string) => void process.stdout.write(text))
  const tty = options.tty ?? process.stdout.isTTY === true
  const every = tty ? (options.everyMs ?? 250) : (options.plainEveryMs ?? 1000)
  let drawn = 0 // terminal rows of the block on screen

  const erase = (): string => (drawn === 0 ? '' : `${ESC}${drawn}A\r${ESC}J`)
  const draw = (): void => {
    const block = render()
    if (tty) {
      const before = erase()
      const fitted = fit(block)
      drawn = rows(fitted)
      out(`${before}${fitted}\n`)
    } else out(`${block}\n\n`)
  }
  const timer = setInterval(draw, every)
  return {
    log(text) {
      const line = text.endsWith('\n') ? text : `${text}\n`
      if (!tty) return out(`${line}\n`)
      out(erase() + line)
      drawn = 0
      draw()
    },
    stop() {
      clearInterval(timer)
    },
  }
}

/**
 * `block` cut to the terminal's height: the cursor cannot move up past the top of the screen, so
 * a taller block would leave copies of itself behind.
 */
function fit(block: string): string {
  const height = process.stdout.rows ?? 0
  if (height === 0 || rows(block) < height) return block
  const lines = block.split('\n')
  while (lines.length > 1 && rows(lines.join('\n')) > height - 2) lines.pop()
  return `${lines.join('\n')}\n  ... (a taller terminal shows the rest)`
}

/** Terminal rows `block` takes, counting lines that wrap. */
function rows(block: string): number {
  const width = process.stdout.columns ?? 0
  let n = 0
  for (const line of block.split('\n')) n += width > 0 ? Math.max(1, Math.ceil(line.length / width)) : 1
  return n
}
