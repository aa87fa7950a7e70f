/**
 * An input the user gave is wrong. The message names the input and the expected form, so
 * the top-level handler can print it as is.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string
  ) {
    super(`Input "${input}": ${detail}`)
    this.name = 'InputError'
  }
}

/** A docker command failed; `stderrLine` is the line of its stderr that explains why. */
export class DockerError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number,
    readonly stderrLine: string,
    readonly stderr: string = ''
  ) {
    super(`docker ${argv[0] ?? ''} failed (exit ${exitCode}): ${stderrLine || 'no error output'}`)
    this.name = 'DockerError'
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}
