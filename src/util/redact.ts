/**
 * Removes secret values from text before it is written anywhere the runner's log masker does
 * not reach: files (JUnit), outputs, the job summary and error messages. One instance per run
 * holds every secret (the password, `secrets`, `smoke-secrets`).
 */
export const REDACTED = '***'

/** Values this short would garble ordinary text; the runner does not mask them either. */
const MIN_LENGTH = 3

export class Redactor {
  private values: string[] = []

  add(value: string | undefined): void {
    if (!value) return
    // A multi-line secret can appear one line at a time (output is split into lines).
    const parts = [value, ...value.split(/\r\n|\r|\n/)]
    for (const part of parts) {
      const v = part.trim() === part ? part : part.trim()
      if (v.length >= MIN_LENGTH && !this.values.includes(v)) this.values.push(v)
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.values.sort((a, b) => b.length - a.length)
  }

  get empty(): boolean {
    return this.values.length === 0
  }

  redact(text: string): string {
    let out = text
    for (const v of this.values) out = out.split(v).join(REDACTED)
    return out
  }

  /** Every string inside a JSON-like value, e.g. a report before it is serialised. */
  redactDeep<T>(value: T): T {
    if (this.empty) return value
    return JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
      typeof v === 'string' ? this.redact(v) : v
    ) as T
  }
}
