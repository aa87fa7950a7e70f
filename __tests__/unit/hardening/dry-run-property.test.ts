/**
 * Hostile input never crashes the action and never runs anything: every string input gets
 * shell metacharacters, command substitutions, newlines, NUL, control characters and very
 * long strings, in dry-run mode through the real `run()`. Docker is only asked read-only
 * questions about the engine (buildx, default bridge). The outcome is either a clean
 * error naming an input, or a plan in which the value appears literally.
 */
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import fc from 'fast-check'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from '../../../src/action/run.js'
import { FakeDocker } from '../fake-docker.js'

const ACTION_YML = readFileSync(join(import.meta.dirname, '..', '..', '..', 'action.yml'), 'utf8')
const INPUTS = [...ACTION_YML.split(/^outputs:/m)[0].matchAll(/^ {2}([a-z0-9-]+):\s*$/gm)].map(
  m => m[1]
)

let root: string
let marker: string
let out: string[]
let saved: NodeJS.ProcessEnv
const seen = { ok: 0, rejected: 0 }
const summaryFile = join(mkdtempSync(join(tmpdir(), 'btp-hard-prop-summary-')), 'summary')

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'btp-hard-prop-'))
  marker = join(root, 'PWNED')
})
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(join(summaryFile, '..'), { recursive: true, force: true })
})
beforeEach(() => {
  saved = { ...process.env }
  out = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})
afterEach(() => {
  process.env = saved
  process.exitCode = undefined
  jest.restoreAllMocks()
})

function hostile(): fc.Arbitrary<string> {
  const pieces = fc.constantFrom(
    ';',
    '&&',
    '|',
    '$(touch MARKER)',
    '`touch MARKER`',
    '; touch MARKER',
    '${HOME}',
    '$HOME',
    '\n',
    '\r\n',
    '\0',
    '\u001b[31m',
    '::error::',
    '::add-mask::',
    '"',
    "'",
    '\\',
    '=',
    ',',
    '#',
    '{{',
    '}}',
    '{{version}}',
    'type=raw,value=',
    'x=y',
    '-',
    '--privileged',
    '../../',
    '/etc/passwd',
    'é',
    '🐳',
    ' '
  )
  return fc
    .oneof(
      fc
        .array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 12 })
        .map(a => a.join('')),
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom('a'.repeat(70000), '$(touch MARKER)'.repeat(3000), '\n'.repeat(5000))
    )
    .map(s => s.replaceAll('MARKER', marker))
}

async function dryRun(
  inputs: Record<string, string>
): Promise<{ docker: FakeDocker; log: string }> {
  const dir = mkdtempSync(join(root, 'run-'))
  for (const f of ['output', 'state', 'env']) writeFileSync(join(dir, f), '')
  writeFileSync(join(dir, 'event.json'), '{}')
  writeFileSync(summaryFile, '')
  Object.assign(process.env, {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/tags/v1.2.3',
    GITHUB_SHA: 'd'.repeat(40),
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_EVENT_PATH: join(dir, 'event.json'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_ENV: join(dir, 'env'),
    // Unroutable: metadata must fall back without leaving the machine.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    RUNNER_TEMP: join(dir, 'temp'),
    GITHUB_WORKSPACE: dir,
    HOME: dir
  })
  for (const name of INPUTS) delete process.env[`INPUT_${name.toUpperCase()}`]
  for (const [k, v] of Object.entries({ ...inputs, 'dry-run': 'true' })) {
    process.env[`INPUT_${k.toUpperCase()}`] = v
  }
  const docker = new FakeDocker()
  out.length = 0
  process.exitCode = undefined
  await run({ docker: () => docker, now: () => new Date('2026-01-01T00:00:00Z') })
  const log = out.join('')
  rmSync(dir, { recursive: true, force: true })
  return { docker, log }
}

const CRASH =
  /TypeError|ReferenceError|RangeError|SyntaxError|Cannot read|is not a function|is not iterable|Maximum call stack|\bat .*\.(ts|js):\d+/

/** The first `::error::` line, if the run failed. */
function failure(log: string): string | undefined {
  return log
    .split('\n')
    .find(l => l.startsWith('::error::'))
    ?.slice('::error::'.length)
}

/** The only docker calls a dry run may make: the engine probe's read-only questions. */
const PROBE = [['network', 'ls', '--filter', 'name=^bridge$', '--format', '{{.Name}}']]

function checkOutcome(log: string, docker: FakeDocker, name: string): void {
  for (const call of docker.calls) expect(PROBE).toContainEqual(call)
  expect(existsSync(marker)).toBe(false)
  const error = failure(log)
  if (error === undefined) {
    expect(process.exitCode).toBeUndefined()
    seen.ok++
    return
  }
  seen.rejected++
  expect(process.exitCode).toBe(1)
  expect(error).not.toMatch(CRASH)
  // A clean message names the input (a dry run has no other way to fail).
  expect({ name, error }).toEqual({ name, error: expect.stringMatching(/^Input "[a-z0-9-]+"/) })
}

describe('dry run with hostile input', () => {
  it('knows every input of action.yml', () => {
    expect(INPUTS).toContain('build-args')
    expect(INPUTS).toContain('smoke-http')
    expect(INPUTS.length).toBeGreaterThan(40)
  })

  const SKIP = new Set(['dry-run'])

  it.each(INPUTS.filter(n => !SKIP.has(n)))(
    '%s: never crashes, never runs anything',
    async name => {
      await fc.assert(
        fc.asyncProperty(hostile(), async value => {
          const { docker, log } = await dryRun({
            images: 'registry.example.com/acme/app',
            [name]: value
          })
          checkOutcome(log, docker, name)
        }),
        { numRuns: 25, seed: 4242 }
      )
    },
    60000
  )

  it('all inputs hostile at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...INPUTS.filter(n => !SKIP.has(n))), hostile(), {
          maxKeys: 8
        }),
        async inputs => {
          const { docker, log } = await dryRun(inputs)
          checkOutcome(log, docker, Object.keys(inputs).join(','))
        }
      ),
      { numRuns: 150, seed: 99 }
    )
  }, 120000)

  it('a build-arg value reaches the plan literally, as one argv element', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile().map(s => s.replace(/[\r\n\0]/g, '').slice(0, 500)),
        async value => {
          const { docker, log } = await dryRun({
            images: 'registry.example.com/acme/app',
            'build-args': `X=${value}`
          })
          checkOutcome(log, docker, 'build-args')
          if (failure(log) === undefined) {
            // core.getInput trims the whole input, so compare against the trimmed value.
            const arg = `X=${value}`.trim()
            expect(log).toContain(JSON.stringify(arg).slice(1, -1))
          }
        }
      ),
      { numRuns: 100, seed: 7 }
    )
  })

  it('exercised both outcomes (plans and clean rejections)', () => {
    expect(seen.ok).toBeGreaterThan(100)
    expect(seen.rejected).toBeGreaterThan(100)
  })
})
