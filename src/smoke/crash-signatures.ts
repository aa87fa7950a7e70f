import type { LogPattern } from './types.js'

/** Which runtime a built-in signature belongs to: decides where the cause line is. */
export type CrashKind = 'python' | 'node' | 'go' | 'java'

/**
 * Lines that only show up when a process dies of an unhandled error. They are matched per
 * line, so each one must be recognisable on its own without the lines around it.
 */
const SIGNATURES: readonly (readonly [string, CrashKind])[] = [
  ['^Traceback \\(most recent call last\\):', 'python'],
  // Node: the source line of an uncaught `throw`, the version banner node prints after an
  // uncaught exception (v18+), and unhandled rejections in both old and new wording.
  ['^\\s+throw ', 'node'],
  ['^Node\\.js v\\d+\\.\\d+\\.\\d+$', 'node'],
  ['UnhandledPromiseRejection', 'node'],
  ['^Uncaught \\w*Error', 'node'],
  ['^panic: ', 'go'],
  ['^goroutine \\d+ \\[running\\]:?', 'go'],
  ['^fatal error: ', 'go'],
  ['Exception in thread "', 'java']
]

export const CRASH_SIGNATURES: readonly string[] = SIGNATURES.map(([source]) => source)

/** The runtime of a built-in signature; undefined for a user's own fail pattern. */
export function crashKind(source: string): CrashKind | undefined {
  return SIGNATURES.find(([s]) => s === source)?.[1]
}

export function crashSignaturePatterns(): LogPattern[] {
  return CRASH_SIGNATURES.map(source => ({ source, regex: new RegExp(source), count: 1 }))
}
