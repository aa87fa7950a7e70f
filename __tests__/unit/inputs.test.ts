import { describe, expect, it } from '@jest/globals'
import { getInputs, keyValueInput, listInput, numberInput } from '../../src/action/inputs.js'

function reader(values: Record<string, string>) {
  return (name: string): string => values[name] ?? ''
}

describe('getInputs', () => {
  it('applies defaults', () => {
    const inputs = getInputs(reader({}))
    expect(inputs).toMatchObject({
      context: '.',
      push: 'auto',
      buildx: 'auto',
      pull: false,
      noCache: false,
      dryRun: false,
      retries: 3,
      retryMaxWait: 60,
      buildArgs: [],
      sepTags: '\n'
    })
  })

  const valid: Array<[string, Record<string, string>, Record<string, unknown>]> = [
    ['push true', { push: 'true' }, { push: 'true' }],
    ['push is case-insensitive', { push: 'FALSE' }, { push: 'false' }],
    ['no-cache', { 'no-cache': 'true' }, { noCache: true }],
    ['sha-length', { 'sha-length': '12' }, { shaLength: 12 }],
    ['target', { target: 'runtime' }, { target: 'runtime' }],
    ['network', { network: 'host' }, { network: 'host' }],
    ['credentials', { username: 'u', password: 'p' }, { username: 'u', password: 'p' }],
    ['registry with port', { registry: '127.0.0.1:5000' }, { registry: '127.0.0.1:5000' }]
  ]
  it.each(valid)('%s', (_name, values, expected) => {
    expect(getInputs(reader(values))).toMatchObject(expected)
  })

  const invalid: Array<[string, Record<string, string>, RegExp]> = [
    [
      'unknown push value',
      { push: 'maybe' },
      /Input "push": expected one of auto, true, false, got "maybe"/
    ],
    [
      'build-arg without =',
      { 'build-args': 'FOO' },
      /Input "build-args": expected KEY=VALUE on each line, got "FOO"/
    ],
    ['build-arg with empty key', { 'build-args': '=x' }, /Input "build-args": expected KEY=VALUE/],
    ['bad boolean', { pull: 'yes' }, /Input "pull": expected true or false, got "yes"/],
    [
      'retries not a number',
      { retries: 'three' },
      /Input "retries": expected a whole number from 0 to 10/
    ],
    [
      'sha-length too long',
      { 'sha-length': '41' },
      /Input "sha-length": expected a whole number from 1 to 40/
    ],
    [
      'password without username',
      { password: 'p' },
      /Input "username": is required when "password" is set/
    ],
    ['username without password', { username: 'u' }, /Input "password": is required/],
    ['bad target', { target: 'a b' }, /Input "target": expected a build stage name/],
    ['bad buildx', { buildx: 'sometimes' }, /Input "buildx": expected one of auto, true, false/],
    ['bad registry', { registry: 'http://x y' }, /Input "registry": expected a registry host/],
    ['multi-line context', { context: 'a\nb' }, /Input "context": expected a single path/]
  ]
  it.each(invalid)('rejects %s', (_name, values, message) => {
    expect(() => getInputs(reader(values))).toThrow(message)
  })
})

describe('keyValueInput', () => {
  const cases: Array<[string, string, Array<[string, string]>]> = [
    ['value with =', 'A=b=c', [['A', 'b=c']]],
    ['value with spaces and quotes', 'MSG="hello world" \'x\'', [['MSG', '"hello world" \'x\'']]],
    ['command substitution stays literal', 'X=$(rm -rf /)', [['X', '$(rm -rf /)']]],
    ['comments and blank lines', '# note\n\nA=1\n', [['A', '1']]],
    ['empty value', 'A=', [['A', '']]],
    [
      'CRLF',
      'A=1\r\nB=2',
      [
        ['A', '1'],
        ['B', '2']
      ]
    ]
  ]
  it.each(cases)('%s', (_name, text, expected) => {
    expect(keyValueInput('build-args', text)).toEqual(expected)
  })
})

describe('listInput', () => {
  it('splits lines and optionally commas, skipping comments', () => {
    expect(listInput('a\n# c\n b \n')).toEqual(['a', 'b'])
    expect(listInput('a, b\nc', { commas: true })).toEqual(['a', 'b', 'c'])
  })
})

describe('numberInput', () => {
  it('accepts decimals unless integer is required', () => {
    expect(numberInput('smoke-timeout', '1.5', 60, { min: 0 })).toBe(1.5)
    expect(() => numberInput('x', '1e3', 1)).toThrow(/expected a number/)
  })
})
