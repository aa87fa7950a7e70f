import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InputError } from '../../../src/util/errors.js'
import {
  BUILDKIT_REQUIRED,
  parseSecrets,
  placeSecrets,
  requireBuildKit,
  secretBuildArgWarnings,
  writeSecretFiles
} from '../../../src/build/secrets.js'
import { buildArgv, secretArg, type BuildSpec } from '../../../src/docker/argv.js'

const BASE_SPEC: BuildSpec = {
  context: '.',
  file: '',
  tags: [],
  labels: [],
  buildArgs: [],
  target: '',
  pull: false,
  noCache: false,
  network: '',
  secrets: [],
  cacheFrom: [],
  cacheTo: [],
  iidFile: '/i',
  useBuildx: true
}
import { removeOwnTempDir } from '../../../src/lifecycle/cleanup.js'

let temp: string
let runnerTemp: string
let workspace: string

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'btp-secrets-test-'))
  runnerTemp = join(temp, 'runner-temp')
  workspace = join(temp, 'ws')
  mkdirSync(runnerTemp)
  mkdirSync(workspace)
})
afterEach(() => rmSync(temp, { recursive: true, force: true }))

/** Parses, places and writes the secrets the way a run does, into `btp-secrets-<run>`. */
function prepare(opts: { secrets: string; secretFiles: string; mask?: (v: string) => void }) {
  const parsed = parseSecrets({ ...opts, workspace })
  const dir = join(runnerTemp, 'btp-secrets-run-1')
  const { mounts, files } = placeSecrets(parsed.specs, dir)
  const cleanup = files.length > 0 ? writeSecretFiles(dir, files) : () => undefined
  return { ...parsed, mounts, files, dir: files.length > 0 ? dir : undefined, cleanup }
}

describe('parseSecrets, placeSecrets, writeSecretFiles', () => {
  it('returns nothing and creates no directory when no secret is given', () => {
    const p = prepare({ secrets: '', secretFiles: '\n  \n' })
    expect(p).toMatchObject({ specs: [], mounts: [], dir: undefined, warnings: [] })
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  it('skips # comment lines, like every other line-based input', () => {
    const p = parseSecrets({ secrets: '# a comment\na=1', secretFiles: '  # another', workspace })
    expect(p.specs.map(s => s.id)).toEqual(['a'])
  })

  it('writes VALUE secrets to 0600 files in a private 0700 dir and masks them', () => {
    const masked: string[] = []
    const p = prepare({
      secrets: 'npm_token=abc=def\r\nGH.TOKEN-2= spaced value \n',
      secretFiles: '',
      mask: v => masked.push(v)
    })
    expect(p.mounts.map(m => m.id)).toEqual(['npm_token', 'GH.TOKEN-2'])
    const dir = p.dir as string
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    const [f1, f2] = p.mounts.map(m => m.src)
    expect(readFileSync(f1, 'utf8')).toBe('abc=def')
    expect(readFileSync(f2, 'utf8')).toBe(' spaced value ')
    expect(statSync(f1).mode & 0o777).toBe(0o600)
    expect(masked).toEqual(['abc=def', ' spaced value '])
    // No value ever reaches argv.
    const argv = buildArgv({ ...BASE_SPEC, secrets: p.mounts })
    expect(argv).toContain(`id=npm_token,src=${f1}`)
    expect(argv.join(' ')).not.toContain('abc=def')
    p.cleanup()
    expect(existsSync(dir)).toBe(false)
    p.cleanup()
  })

  it('plans the same paths every time and writes nothing until asked', () => {
    const parsed = parseSecrets({ secrets: 'a=1', secretFiles: '', workspace })
    const dir = join(runnerTemp, 'btp-secrets-x')
    expect(placeSecrets(parsed.specs, dir)).toEqual(placeSecrets(parsed.specs, dir))
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  it('refuses a secret directory that already exists', () => {
    const dir = join(runnerTemp, 'btp-secrets-taken')
    mkdirSync(dir)
    expect(() => writeSecretFiles(dir, [{ path: join(dir, 'secret-0'), value: 'x' }])).toThrow()
  })

  it('keeps 0600 even under a permissive umask', () => {
    const old = process.umask(0)
    try {
      const p = prepare({ secrets: 'a=1', secretFiles: '' })
      expect(statSync(p.mounts[0].src).mode & 0o777).toBe(0o600)
      expect(statSync(p.dir as string).mode & 0o777).toBe(0o700)
      p.cleanup()
    } finally {
      process.umask(old)
    }
  })

  it('passes secret-files through, resolving relative paths against the workspace', () => {
    writeFileSync(join(workspace, 'key.pem'), 'k')
    writeFileSync(join(temp, 'abs.txt'), 'a')
    const p = prepare({ secrets: '', secretFiles: `key=key.pem\nabs=${join(temp, 'abs.txt')}` })
    expect(p.mounts).toEqual([
      { id: 'key', src: join(workspace, 'key.pem') },
      { id: 'abs', src: join(temp, 'abs.txt') }
    ])
    expect(p.dir).toBeUndefined()
  })

  it('names the input for a missing file, a bad id, a duplicate or a line without =', () => {
    const bad = (secrets: string, secretFiles: string): InputError => {
      try {
        parseSecrets({ secrets, secretFiles, workspace })
      } catch (e) {
        return e as InputError
      }
      throw new Error('expected an InputError')
    }
    expect(bad('', 'k=nope.txt')).toBeInstanceOf(InputError)
    expect(bad('', 'k=nope.txt').message).toBe(
      'Input "secret-files": file for secret "k" not found: nope.txt'
    )
    expect(bad('', `k=${workspace}`).input).toBe('secret-files')
    expect(bad('', 'k=').message).toMatch(/"k" has no path/)
    expect(bad('a b=1', '').message).toMatch(/^Input "secrets": line 1: secret id must match/)
    expect(bad('$(id)=1', '').input).toBe('secrets')
    expect(bad('=1', '').input).toBe('secrets')
    expect(bad('a=1\na=2', '').message).toMatch(/"a" is given more than once/)
    writeFileSync(join(workspace, 'f'), 'x')
    expect(bad('a=1', 'a=f').input).toBe('secret-files')
  })

  it('never echoes a line that lacks "=" (it may be a pasted secret)', () => {
    try {
      parseSecrets({ secrets: 'ghp_supersecretvalue', secretFiles: '' })
      throw new Error('no error')
    } catch (e) {
      expect((e as Error).message).toBe('Input "secrets": line 1 is not in the form id=VALUE')
    }
  })

  it('leaves no directory behind when validation fails', () => {
    expect(() => prepare({ secrets: 'a=1', secretFiles: 'b=missing' })).toThrow()
    expect(() => prepare({ secrets: 'a=1\nb c=2', secretFiles: '' })).toThrow()
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  it('warns about an empty value without failing', () => {
    const p = prepare({ secrets: 'tok=', secretFiles: '' })
    expect(p.warnings[0]).toMatch(/secret "tok" is empty/)
    expect(readFileSync(p.mounts[0].src, 'utf8')).toBe('')
    p.cleanup()
  })

  it('names files by position so an id like ".." cannot escape the directory', () => {
    const p = prepare({ secrets: '..=x\n.=y', secretFiles: '' })
    for (const m of p.mounts) expect(m.src.startsWith((p.dir as string) + '/secret-')).toBe(true)
    p.cleanup()
  })
})

describe('secretArg', () => {
  it('quotes fields BuildKit would split (commas, quotes)', () => {
    expect(secretArg('a', '/tmp/x')).toBe('id=a,src=/tmp/x')
    expect(secretArg('a', '/tmp/with,comma')).toBe('id=a,"src=/tmp/with,comma"')
    expect(secretArg('a', '/tmp/q"uote')).toBe('id=a,"src=/tmp/q""uote"')
  })
})

describe('removeOwnTempDir', () => {
  it('removes only a btp-secrets-* directory directly under RUNNER_TEMP', () => {
    const p = prepare({ secrets: 'a=1', secretFiles: '' })
    const other = join(runnerTemp, 'keep-me')
    mkdirSync(other)
    expect(removeOwnTempDir(other, runnerTemp)).toBe(false)
    expect(removeOwnTempDir(temp, runnerTemp)).toBe(false)
    expect(removeOwnTempDir(runnerTemp, runnerTemp)).toBe(false)
    expect(removeOwnTempDir(join(runnerTemp, '..', 'btp-secrets-x'), runnerTemp)).toBe(false)
    expect(removeOwnTempDir(undefined, runnerTemp)).toBe(false)
    expect(existsSync(other)).toBe(true)
    expect(removeOwnTempDir(p.dir, runnerTemp)).toBe(true)
    expect(existsSync(p.dir as string)).toBe(false)
  })
})

describe('secretBuildArgWarnings', () => {
  it('flags secret-looking names case-insensitively and points to the secrets input', () => {
    const w = secretBuildArgWarnings([
      'NPM_TOKEN',
      'db_password',
      'aws_secret_access_key',
      'ApiKey',
      'GIT_CREDENTIALS',
      'VERSION',
      'BUILD_DATE'
    ])
    expect(w).toHaveLength(5)
    expect(w[0]).toMatch(/"NPM_TOKEN"/)
    expect(w[0]).toMatch(/image history/)
    expect(w[0]).toMatch(/"secrets" input/)
    expect(secretBuildArgWarnings(['VERSION', 'COMMIT'])).toEqual([])
  })
})

describe('requireBuildKit', () => {
  it('throws the actionable message only when BuildKit is unavailable', () => {
    expect(() => requireBuildKit(true)).not.toThrow()
    expect(() => requireBuildKit(false)).toThrow(BUILDKIT_REQUIRED)
    expect(BUILDKIT_REQUIRED).toBe(
      'secrets need BuildKit: install the buildx plugin or set DOCKER_BUILDKIT=1'
    )
  })
})
