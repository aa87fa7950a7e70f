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
  prepareSecrets,
  requireBuildKit,
  secretArg,
  secretBuildArgWarnings
} from '../../../src/build/secrets.js'
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

const srcOf = (arg: string): string => /src=([^,"]+)/.exec(arg)?.[1] ?? ''

describe('prepareSecrets', () => {
  it('returns nothing and creates no directory when no secret is given', () => {
    const p = prepareSecrets({ secrets: '', secretFiles: '\n  \n', runnerTemp })
    expect(p).toMatchObject({ args: [], ids: [], dir: undefined, warnings: [] })
    p.cleanup()
  })

  it('writes VALUE secrets to 0600 files in a private 0700 dir and masks them', () => {
    const masked: string[] = []
    const p = prepareSecrets({
      secrets: 'npm_token=abc=def\r\nGH.TOKEN-2= spaced value \n',
      secretFiles: '',
      runnerTemp,
      mask: v => masked.push(v)
    })
    expect(p.ids).toEqual(['npm_token', 'GH.TOKEN-2'])
    expect(p.dir).toBeDefined()
    const dir = p.dir as string
    expect(dir.startsWith(join(runnerTemp, 'btp-secrets-'))).toBe(true)
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(p.args).toHaveLength(4)
    expect(p.args[0]).toBe('--secret')
    expect(p.args[1]).toMatch(/^id=npm_token,src=/)
    const f1 = srcOf(p.args[1])
    const f2 = srcOf(p.args[3])
    expect(readFileSync(f1, 'utf8')).toBe('abc=def')
    expect(readFileSync(f2, 'utf8')).toBe(' spaced value ')
    expect(statSync(f1).mode & 0o777).toBe(0o600)
    expect(masked).toEqual(['abc=def', ' spaced value '])
    // No value ever reaches argv.
    expect(p.args.join(' ')).not.toContain('abc=def')
    p.cleanup()
    expect(existsSync(dir)).toBe(false)
    p.cleanup()
  })

  it('keeps 0600 even under a permissive umask', () => {
    const old = process.umask(0)
    try {
      const p = prepareSecrets({ secrets: 'a=1', secretFiles: '', runnerTemp })
      expect(statSync(srcOf(p.args[1])).mode & 0o777).toBe(0o600)
      expect(statSync(p.dir as string).mode & 0o777).toBe(0o700)
      p.cleanup()
    } finally {
      process.umask(old)
    }
  })

  it('passes secret-files through, resolving relative paths against the workspace', () => {
    writeFileSync(join(workspace, 'key.pem'), 'k')
    writeFileSync(join(temp, 'abs.txt'), 'a')
    const p = prepareSecrets({
      secrets: '',
      secretFiles: `key=key.pem\nabs=${join(temp, 'abs.txt')}`,
      runnerTemp,
      workspace
    })
    expect(p.args).toEqual([
      '--secret',
      `id=key,src=${join(workspace, 'key.pem')}`,
      '--secret',
      `id=abs,src=${join(temp, 'abs.txt')}`
    ])
    expect(p.dir).toBeUndefined()
  })

  it('names the input for a missing file, a bad id, a duplicate or a line without =', () => {
    const bad = (secrets: string, secretFiles: string): InputError => {
      try {
        prepareSecrets({ secrets, secretFiles, runnerTemp, workspace })
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
      prepareSecrets({ secrets: 'ghp_supersecretvalue', secretFiles: '', runnerTemp })
      throw new Error('no error')
    } catch (e) {
      expect((e as Error).message).toBe('Input "secrets": line 1 is not in the form id=VALUE')
    }
  })

  it('leaves no directory behind when validation fails', () => {
    expect(() => prepareSecrets({ secrets: 'a=1', secretFiles: 'b=missing', runnerTemp })).toThrow()
    expect(() => prepareSecrets({ secrets: 'a=1\nb c=2', secretFiles: '', runnerTemp })).toThrow()
    expect(readdirSync(runnerTemp)).toEqual([])
  })

  it('warns about an empty value without failing', () => {
    const p = prepareSecrets({ secrets: 'tok=', secretFiles: '', runnerTemp })
    expect(p.warnings[0]).toMatch(/secret "tok" is empty/)
    expect(readFileSync(srcOf(p.args[1]), 'utf8')).toBe('')
    p.cleanup()
  })

  it('names files by position so an id like ".." cannot escape the directory', () => {
    const p = prepareSecrets({ secrets: '..=x\n.=y', secretFiles: '', runnerTemp })
    for (const a of [p.args[1], p.args[3]]) {
      expect(srcOf(a).startsWith((p.dir as string) + '/secret-')).toBe(true)
    }
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
    const p = prepareSecrets({ secrets: 'a=1', secretFiles: '', runnerTemp })
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
