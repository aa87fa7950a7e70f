import type { LogPattern } from './types.js'

/**
 * Lines that only show up when a process dies of an unhandled error. They are matched per
 * line, so each one must be recognisable on its own without the lines around it.
 */
export const CRASH_SIGNATURES: readonly string[] = [
  // Python
  '^Traceback \\(most recent call last\\):',
  // Node: the source line of an uncaught `throw`, the version banner node prints after an
  // uncaught exception (v18+), and unhandled rejections in both old and new wording.
  '^\\s+throw ',
  '^Node\\.js v\\d+\\.\\d+\\.\\d+$',
  'UnhandledPromiseRejection',
  '^Uncaught \\w*Error',
  // Go
  '^panic: ',
  '^goroutine \\d+ \\[running\\]:?',
  '^fatal error: ',
  // JVM
  'Exception in thread "'
]

export function crashSignaturePatterns(): LogPattern[] {
  return CRASH_SIGNATURES.map(source => ({ source, regex: new RegExp(source), count: 1 }))
}
