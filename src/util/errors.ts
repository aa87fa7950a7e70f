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

/**
 * Which part of the pipeline failed, so callers (the local CLI's exit codes) can tell a bad
 * input from a failed build, smoke test or push without parsing messages. Errors thrown
 * outside any phase are input (or resolve) errors.
 */
export type FailureKind = 'input' | 'build' | 'smoke' | 'push'

const KIND = Symbol('failureKind')

/** Marks an error with the phase it escaped from; the innermost phase wins. */
export function tagFailure(err: unknown, kind: FailureKind): void {
  if (typeof err === 'object' && err !== null && !(KIND in err)) {
    Object.defineProperty(err, KIND, { value: kind, enumerable: false })
  }
}

export function failureKind(err: unknown): FailureKind {
  if (typeof err === 'object' && err !== null && KIND in err) {
    return (err as { [KIND]: FailureKind })[KIND]
  }
  return 'input'
}
