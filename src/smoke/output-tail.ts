export const TAIL_LINES = 200
export const TAIL_LINE_CHARS = 4096

/** The last lines of a container's output in a fixed-size ring, for logs and reports. */
export class OutputTail {
  private readonly ring: string[] = []
  private start = 0
  dropped = 0

  constructor(
    private readonly maxLines = TAIL_LINES,
    private readonly maxChars = TAIL_LINE_CHARS
  ) {}

  push(line: string): void {
    const kept =
      line.length > this.maxChars
        ? `${line.slice(0, this.maxChars)}… [${line.length - this.maxChars} more characters]`
        : line
    if (this.ring.length < this.maxLines) {
      this.ring.push(kept)
      return
    }
    this.ring[this.start] = kept
    this.start = (this.start + 1) % this.maxLines
    this.dropped++
  }

  lines(): string[] {
    return [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)]
  }
}
