import { describe, expect, it } from '@jest/globals'
import { commandsTheRunnerReads, expectOnlyOurCommands } from '../../e2e/helpers/runner-commands.js'

describe('the runner view helper', () => {
  it.each([
    ['a plain command', '::error::boom\n', ['error']],
    ['a lone CR starts a line', 'x\r::error::forged\n', ['error']],
    ['CRLF', 'x\r\n::warning::w\r\n', ['warning']],
    ['leading spaces are trimmed', '   ::notice::n\n', ['notice']],
    ['v1 syntax', '##[error]old\n', ['error']],
    ['not at line start', 'x ::error::no\n', []],
    [
      'fenced commands are ignored',
      '::stop-commands::T1\n::error::no\n::T1::\n::error::yes\n',
      ['stop-commands', 'T1', 'error']
    ],
    [
      'a nested stop-commands inside a fence does nothing',
      '::stop-commands::T1\n::stop-commands::z\n::T1::\n::error::yes\n',
      ['stop-commands', 'T1', 'error']
    ],
    [
      'an unfenced stop-commands swallows the rest',
      '::stop-commands::z\n::error::ours\n',
      ['stop-commands']
    ]
  ])('%s', (_name, stdout, commands) => {
    expect(commandsTheRunnerReads(stdout).map(c => c.command)).toEqual(commands)
  })

  it('rejects forged commands and unclosed fences', () => {
    expect(() => expectOnlyOurCommands('a\r::error::FORGED\n', /FORGED/)).toThrow(/forged/)
    expect(() => expectOnlyOurCommands('::stop-commands::abc\nx\n', /FORGED/)).toThrow(
      /never closed/
    )
    expect(expectOnlyOurCommands('::group::g\n::endgroup::\n', /FORGED/)).toHaveLength(2)
  })
})
