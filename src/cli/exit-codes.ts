/** The CLI's exit codes, one per failure kind (documented in --help and the README). */
export const EXIT_CODES: ReadonlyArray<[number, string]> = [
  [0, 'success (or a dry run)'],
  [1, 'unexpected failure'],
  [2, 'bad input or usage (nothing was built)'],
  [3, 'build failed (or the image could not be prepared, or no engine)'],
  [4, 'smoke test failed (nothing was pushed)'],
  [5, 'push failed (the push report says which tags were published)']
]

/** `kind` is a FailureKind (util/errors.ts) or any other text, which maps to the generic code. */
export function exitCodeFor(kind: string | undefined): number {
  switch (kind) {
    case 'input':
      return 2
    case 'build':
      return 3
    case 'smoke':
      return 4
    case 'push':
      return 5
    default:
      return 1
  }
}
