import { describe, expect, it } from '@jest/globals'
import { usefulStderrLine } from '../../src/docker/cli.js'

describe('usefulStderrLine', () => {
  const cases: Array<[string, string, string]> = [
    [
      'buildkit error after progress',
      '#5 [2/2] RUN false\n#5 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1\n------\nERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1\n',
      'failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1'
    ],
    [
      'legacy deprecation notice is skipped',
      'DEPRECATED: The legacy builder is deprecated\n            BuildKit is currently disabled\nunable to prepare context: path "nope" not found\n',
      'unable to prepare context: path "nope" not found'
    ],
    [
      'push denied',
      'denied: requested access to the resource is denied\n',
      'denied: requested access to the resource is denied'
    ],
    ['no error words: last line', 'something odd\nthe end\n', 'the end'],
    ['empty', '', '']
  ]
  it.each(cases)('%s', (_name, stderr, line) => {
    expect(usefulStderrLine(stderr)).toBe(line)
  })
})
