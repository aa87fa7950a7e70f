import { describe, expect, it } from '@jest/globals'
import { CRASH_SIGNATURES } from '../../../src/smoke/crash-signatures.js'
import {
  FieldError,
  parseArgs,
  parseBool,
  parseCommand,
  parseExitCode,
  parseFailPatterns,
  parseHealth,
  parseHttpProbes,
  parseKeyValues,
  parseLogPatterns,
  parsePorts,
  parseSeconds,
  parseWord,
  parseWorkdir
} from '../../../src/smoke/fields.js'
import { splitShellWords } from '../../../src/smoke/shell-words.js'

describe('splitShellWords', () => {
  it.each<[string, string, string[]]>([
    ['plain words', 'node  server.js --port 80', ['node', 'server.js', '--port', '80']],
    [
      'single quotes keep everything',
      `sh -c 'echo "$HOME" ; ls *'`,
      ['sh', '-c', 'echo "$HOME" ; ls *']
    ],
    ['double quotes with escapes', `echo "a \\"b\\" \\$c \\d"`, ['echo', 'a "b" $c \\d']],
    ['backslash escapes a space', 'echo a\\ b', ['echo', 'a b']],
    ['empty quoted argument', `x '' ""`, ['x', '', '']],
    ['adjacent quoted parts join', `a'b'"c"d`, ['abcd']],
    ['newlines separate words', 'a\nb\tc', ['a', 'b', 'c']],
    ['backslash-newline continues', 'a \\\nb', ['a', 'b']],
    ['no expansion', 'echo $HOME ~ `id` $(id)', ['echo', '$HOME', '~', '`id`', '$(id)']],
    ['only whitespace', '   ', []]
  ])('%s', (_name, input, expected) => {
    expect(splitShellWords(input)).toEqual(expected)
  })

  it.each([
    ['unterminated single quote', `echo 'a`, `unterminated ' quote`],
    ['unterminated double quote', 'echo "a', 'unterminated " quote'],
    ['trailing backslash', 'echo a\\', 'lone backslash']
  ])('rejects %s', (_name, input, message) => {
    expect(() => splitShellWords(input)).toThrow(message)
  })
})

describe('field parsers', () => {
  it.each<[string, () => unknown, unknown]>([
    ['bool empty uses fallback', () => parseBool('', true), true],
    ['bool is case-insensitive', () => parseBool(' FALSE ', true), false],
    ['seconds default', () => parseSeconds('', 60), 60],
    ['seconds fraction', () => parseSeconds('0.5', 60), 0.5],
    ['seconds zero when allowed', () => parseSeconds('0', 3, true), 0],
    [
      'args one per line, verbatim',
      () => parseArgs('--a=1\n  two words \n\n#x'),
      ['--a=1', '  two words ', '#x']
    ],
    ['command empty', () => parseCommand('  '), undefined],
    ['command split', () => parseCommand(`sh -c 'echo hi'`), ['sh', '-c', 'echo hi']],
    ['health default auto', () => parseHealth(''), 'auto'],
    ['health true', () => parseHealth('TRUE'), 'true'],
    ['exit code empty', () => parseExitCode(''), undefined],
    ['exit code 3', () => parseExitCode('3'), 3],
    ['word', () => parseWord(' 1000:1000 '), '1000:1000'],
    ['workdir', () => parseWorkdir('/srv/my app'), '/srv/my app'],
    [
      'key values keep = and spaces in value, skip comments',
      () => parseKeyValues('# c\nA=1\n  B = x=y \n\nC='),
      [
        ['A', '1'],
        ['B', ' x=y '],
        ['C', '']
      ]
    ],
    [
      'ports',
      () => parsePorts('8080:80\n127.0.0.1:9000:90/udp\n[::1]:1:2/tcp'),
      ['8080:80', '127.0.0.1:9000:90/udp', '[::1]:1:2/tcp']
    ]
  ])('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected)
  })

  it.each<[string, () => unknown, string]>([
    ['bool garbage', () => parseBool('yes', true), 'expected true or false, got "yes"'],
    ['seconds zero', () => parseSeconds('0', 60), 'expected a positive number of seconds, got "0"'],
    ['seconds negative', () => parseSeconds('-1', 60), 'got "-1"'],
    ['seconds text', () => parseSeconds('5s', 60), 'got "5s"'],
    [
      'settle negative',
      () => parseSeconds('-1', 3, true),
      'expected a number of seconds (0 or more)'
    ],
    ['bad regex', () => parseLogPatterns('ready(('), 'invalid regular expression /ready((/'],
    ['count zero', () => parseLogPatterns('ready x0'), 'the count after x must be 1 or more'],
    ['env without =', () => parseKeyValues('HOME'), 'expected KEY=VALUE lines, got "HOME"'],
    ['env bad key', () => parseKeyValues('A B=1'), '"A B" is not a valid variable name'],
    ['command quote', () => parseCommand(`sh -c 'x`), 'cannot split into words: unterminated'],
    ['port range', () => parsePorts('70000:80'), 'is not a port mapping'],
    [
      'port without host',
      () => parsePorts('80'),
      'expected [ip:]hostPort:containerPort[/tcp|udp|sctp]'
    ],
    ['port proto', () => parsePorts('80:80/icmp'), 'is not a port mapping'],
    ['port ip', () => parsePorts('300.1.1.1:80:80'), '300.1.1.1 is not an IPv4 address'],
    ['http not a url', () => parseHttpProbes('localhost:80/health'), 'is not an http(s) URL'],
    ['http ftp', () => parseHttpProbes('ftp://x/'), 'is not an http(s) URL'],
    [
      'http bad option',
      () => parseHttpProbes('http://x/ code=200'),
      '"code=200" in "http://x/ code=200"'
    ],
    [
      'http bad status',
      () => parseHttpProbes('http://x/ status=99'),
      'expected status=NNN (100-599)'
    ],
    ['http bad body', () => parseHttpProbes('http://x/ body=(('), 'invalid regular expression'],
    ['health', () => parseHealth('maybe'), 'expected auto, true or false, got "maybe"'],
    ['exit code', () => parseExitCode('256'), 'expected an exit code from 0 to 255, got "256"'],
    ['exit code text', () => parseExitCode('ok'), 'got "ok"'],
    ['word with space', () => parseWord('a b'), 'expected a single word, got "a b"'],
    [
      'workdir relative',
      () => parseWorkdir('app'),
      'expected an absolute path inside the container'
    ]
  ])('rejects %s', (_name, run, message) => {
    expect(run).toThrow(FieldError)
    expect(run).toThrow(message)
  })

  it('parses log patterns with counts and comments', () => {
    const p = parseLogPatterns('# wait for it\nready x2\n^listening on \\d+$\n  a  x  \n')
    expect(p.map(x => [x.source, x.count])).toEqual([
      ['ready', 2],
      ['^listening on \\d+$', 1],
      ['a  x', 1]
    ])
    expect(p[1].regex.test('listening on 80')).toBe(true)
  })

  it('uses crash signatures by default and none disables them', () => {
    expect(parseFailPatterns('').map(p => p.source)).toEqual(CRASH_SIGNATURES)
    expect(parseFailPatterns('None')).toEqual([])
    expect(parseFailPatterns('FATAL\nERROR x3').map(p => [p.source, p.count])).toEqual([
      ['FATAL', 1],
      ['ERROR x3', 1]
    ])
  })

  it('parses http probes with status and body', () => {
    const [a, b] = parseHttpProbes(
      'http://127.0.0.1:8080/health\nhttps://h/x status=503 body=^down\\s'
    )
    expect(a).toEqual({ url: 'http://127.0.0.1:8080/health' })
    expect(b.status).toBe(503)
    expect(b.body?.source).toBe('^down\\s')
  })
})

describe('crash signatures', () => {
  const fail = parseFailPatterns('')
  const hits = (line: string): boolean => fail.some(p => p.regex.test(line))
  it.each([
    ['python traceback', 'Traceback (most recent call last):'],
    ['node throw source line', "    throw new Error('boom')"],
    ['node version banner', 'Node.js v20.11.1'],
    ['node unhandled rejection', '[UnhandledPromiseRejection: This error originated ...]'],
    ['go panic', 'panic: runtime error: index out of range [3] with length 3'],
    ['go goroutine', 'goroutine 1 [running]:'],
    ['go fatal', 'fatal error: all goroutines are asleep - deadlock!'],
    ['java', 'Exception in thread "main" java.lang.IllegalStateException: x']
  ])('matches a %s', (_name, line) => expect(hits(line)).toBe(true))

  it.each([
    'server ready on :8080',
    'GET /panic 200',
    'handled error: Traceback saved to /tmp/x',
    'INFO no exceptions so far',
    'WARN: retrying after timeout'
  ])('ignores %p', line => expect(hits(line)).toBe(false))
})
