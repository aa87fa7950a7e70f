/**
 * Hardening, second ring: a hostile image, a hostile pull request and a shared runner, each
 * driven through the bundled action exactly as the runner starts it, on the real engine and
 * a real registry on loopback. Set BTP_HARDENING_DIST to another dist/ to run these against
 * an older build (each case fails on the build before the fixes).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  makeContext,
  registryTags,
  repoDist,
  requireEngine,
  runAction,
  startRegistry,
  type ActionEntries,
  type ActionRun,
  type Registry,
  type RunActionOptions
} from '../helpers/lab.js'
import { expectOnlyOurCommands } from '../helpers/runner-commands.js'

const NAME = 'hardening'
const dist: ActionEntries = process.env.BTP_HARDENING_DIST
  ? {
      main: join(process.env.BTP_HARDENING_DIST, 'index.js'),
      post: join(process.env.BTP_HARDENING_DIST, 'post', 'index.js')
    }
  : repoDist
const run = (opts: RunActionOptions): Promise<ActionRun> => runAction(opts, dist)
/** A command line the build or the image wrote (ours may quote it, after the command). */
const FORGED = /^(::[a-z-]+::|##\[[a-z-]+\])FORGED/

beforeAll(() => requireEngine())

/** The summary with code spans and fenced blocks removed: only what renders as markup. */
function renderedText(md: string): string {
  return md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '').replace(/(`+)[^`]*?\1/g, '')
}

describe('2: image text cannot inject workflow commands', () => {
  const hostileBuild = [
    `RUN printf 'x\\r::error::FORGED-build-cr\\n' && printf '::warning::FORGED-build-lf\\n'`,
    `RUN printf 'y\\r::stop-commands::FORGEDz\\n' && echo ::stop-commands::FORGEDz`,
    // A last line without a newline: the fence must still close on a line of its own.
    `RUN printf 'no newline at the end'`,
    `HEALTHCHECK --interval=1s --retries=1 CMD printf 'bad\\r::error::FORGED-health\\n'; exit 1`,
    'CMD ["sleep", "300"]'
  ].join('\n')

  it.each([
    ['buildx', 'true'],
    ['the legacy builder', 'false']
  ])('under %s the runner obeys only our commands', async (_name, buildx) => {
    // A fresh build every run: cached steps print nothing.
    const context = makeContext(`RUN echo ${Date.now()}-${Math.random()}\n${hostileBuild}`)
    const res = await run({
      inputs: { context, buildx, 'smoke-timeout': '60' }
    })
    // The image is unhealthy: the step fails, and says so with a command the runner reads.
    expect(res.exitCode).toBe(1)
    const read = expectOnlyOurCommands(res.stdout, FORGED)
    const errors = read.filter(c => c.command === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0].data).toMatch(/Smoke test failed: container became unhealthy/)
    // Our own group for the smoke output comes after the build and is still read.
    expect(read.some(c => c.command === 'group' && /Smoke scenario/.test(c.data))).toBe(true)
    rmSync(context, { recursive: true, force: true })
  })
})

describe('1: credentials never reach the runner credential helpers', () => {
  const USER = 'hardening-bot'
  const PASSWORD = 'hardening-Pa55-credhelper-4411'
  let registry: Registry
  beforeAll(async () => {
    registry = await startRegistry({ user: USER, password: PASSWORD })
  })
  afterAll(async () => registry.stop())

  it('a runner credHelpers entry for our registry receives nothing to keep', async () => {
    const dir = mkdtempSync(join(tmpdir(), `${NAME}-credhelper-`))
    const bin = join(dir, 'bin')
    const store = join(dir, 'store')
    const calls = join(dir, 'calls.log')
    mkdirSync(bin)
    mkdirSync(store)
    // A working helper that records every call: store keeps the JSON, get returns it.
    const helper = join(bin, 'docker-credential-btprec')
    writeFileSync(
      helper,
      [
        '#!/bin/sh',
        'in=$(cat)',
        `echo "$1 $(printf %s "$in" | head -c 200 | tr -d '\\n' | sed 's/"Secret":"[^"]*"/"Secret":"-"/')" >>${calls}`,
        'key=$(printf %s "$in" | head -c 200 | tr -c "A-Za-z0-9" _)',
        'case "$1" in',
        `  store) printf %s "$in" >${store}/x ;;`,
        `  get) if [ -f ${store}/x ]; then cat ${store}/x; else echo "credentials not found in native keychain"; exit 1; fi ;;`,
        `  erase) rm -f ${store}/x ;;`,
        '  list) echo "{}" ;;',
        'esac',
        ''
      ].join('\n')
    )
    chmodSync(helper, 0o755)
    const runnerConfig = join(dir, 'runner-docker')
    mkdirSync(runnerConfig)
    const config = JSON.stringify({ credHelpers: { [registry.host]: 'btprec' } })
    writeFileSync(join(runnerConfig, 'config.json'), config)

    const context = makeContext('CMD ["sh", "-c", "echo up; exec sleep 300"]')
    const res = await run({
      inputs: {
        images: `${registry.host}/${NAME}/credhelper`,
        context,
        username: USER,
        password: PASSWORD,
        'smoke-log': 'up'
      },
      env: { PATH: `${bin}:${process.env.PATH}`, DOCKER_CONFIG: runnerConfig }
    })
    expect(res.exitCode).toBe(0)
    expect(
      await registryTags(registry, `${NAME}/credhelper`, { user: USER, password: PASSWORD })
    ).toHaveLength(2)
    const log = existsSync(calls) ? readFileSync(calls, 'utf8') : ''
    // Nothing was handed to the helper, so nothing outlives the job in it.
    expect(log).not.toMatch(/^store/m)
    expect(readdirSync(store)).toEqual([])
    expect(readFileSync(join(runnerConfig, 'config.json'), 'utf8')).toBe(config)
    expect(res.stdout).toContain('credentials kept in a step-private docker config')
    rmSync(dir, { recursive: true, force: true })
    rmSync(context, { recursive: true, force: true })
  })
})

describe('3: smoke secrets stay out of files, outputs and the summary', () => {
  it('redacts the value the image prints from JUnit, smoke-report and the summary', async () => {
    const SECRET = 'hardening-smoke-TOKEN-77c1e'
    const workspace = mkdtempSync(join(tmpdir(), `${NAME}-ws-`))
    const context = makeContext('CMD ["sh", "-c", "echo token=$TOKEN; echo ready; exec sleep 300"]')
    const res = await run({
      workspace,
      inputs: {
        context,
        'smoke-secrets': `TOKEN=${SECRET}`,
        'smoke-log': 'token=\nready',
        'smoke-junit': 'reports/smoke.xml'
      }
    })
    expect(res.exitCode).toBe(0)
    const junit = readFileSync(join(workspace, 'reports', 'smoke.xml'), 'utf8')
    expect(junit).toContain('token=***')
    expect(res.outputs['smoke-report']).toContain('token=***')
    for (const text of [junit, res.summary, JSON.stringify(res.outputs)]) {
      expect(text).not.toContain(SECRET)
    }
    rmSync(workspace, { recursive: true, force: true })
    rmSync(context, { recursive: true, force: true })
  })
})

describe('4: path inputs do not follow a symlink out of the workspace', () => {
  let workspace: string
  let outside: string
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), `${NAME}-ws-`))
    outside = mkdtempSync(join(tmpdir(), `${NAME}-outside-`))
    writeFileSync(join(outside, 'id_x'), 'PRIVATE-KEY-LINE-hardening: [\n')
    writeFileSync(join(outside, 'host-file'), 'host secret\n')
    symlinkSync(outside, join(workspace, 'reports'))
    symlinkSync(join(outside, 'id_x'), join(workspace, 'smoke.yml'))
    symlinkSync(join(outside, 'host-file'), join(workspace, 'npmrc'))
    writeFileSync(join(workspace, 'broken.yml'), 'scenarios: [ {name: PRIVATE-CONTENT-hardening\n')
  })
  afterAll(() => {
    rmSync(workspace, { recursive: true, force: true })
    rmSync(outside, { recursive: true, force: true })
  })

  it.each([
    [
      'smoke-junit through a symlinked directory',
      { 'smoke-junit': 'reports/smoke.xml' },
      'smoke-junit'
    ],
    ['smoke-config symlinked to a key file', { 'smoke-config': 'smoke.yml' }, 'smoke-config'],
    ['secret-files symlinked to a host file', { 'secret-files': 'npmrc=npmrc' }, 'secret-files'],
    ['context symlinked out', { context: 'reports' }, 'context']
  ])('%s is refused', async (_name, inputs, input) => {
    const context = makeContext('CMD ["sh", "-c", "echo up; exec sleep 300"]')
    const res = await run({ workspace, inputs: { context, 'smoke-log': 'up', ...inputs } })
    expect(res.exitCode).toBe(1)
    expect(res.stdout).toContain(`::error::Input "${input}": `)
    expect(res.stdout).toMatch(/outside the workspace/)
    expect(res.stdout + res.stderr + res.summary).not.toContain('PRIVATE-KEY-LINE')
    expect(readdirSync(outside).sort()).toEqual(['host-file', 'id_x'])
    rmSync(context, { recursive: true, force: true })
  })

  it('a smoke-config YAML error names the position, never the content', async () => {
    const res = await run({ workspace, inputs: { 'smoke-config': 'broken.yml' } })
    expect(res.exitCode).toBe(1)
    expect(res.stdout).toMatch(/broken\.yml is not valid YAML \(line \d+, column \d+\)/)
    expect(res.stdout + res.stderr + res.summary).not.toContain('PRIVATE-CONTENT')
  })
})

describe('5: the summary renders image output inert', () => {
  it('escapes HTML and links from a crash line in the result, messages and cells', async () => {
    const line =
      'panic: <img src=x onerror=alert(1)> see [help](https://evil.example/x) www.evil.example'
    const context = makeContext(`CMD ["sh", "-c", "echo '${line}'; exec sleep 300"]`)
    const res = await run({
      inputs: { context, 'smoke-fail-log': 'panic:', 'smoke-log': 'never-printed' }
    })
    expect(res.exitCode).toBe(1)
    expect(res.summary).toContain('onerror')
    const rendered = renderedText(res.summary)
    expect(rendered).not.toMatch(/<img/i)
    expect(rendered).not.toMatch(/(?<!\\)\[help(?<!\\)\]\(/)
    expect(rendered).not.toMatch(/https:\/\//)
    expect(rendered).not.toMatch(/(?<!\\)www\.evil/)
    rmSync(context, { recursive: true, force: true })
  })
})

describe('8: an oversized summary is cut below 1 MiB', () => {
  it('six failing scenarios with long lines still leave a summary GitHub accepts', async () => {
    const workspace = mkdtempSync(join(tmpdir(), `${NAME}-ws-`))
    const scenarios = Array.from({ length: 6 }, (_, i) =>
      [
        `  - name: flood-${i}`,
        `    command: ["sh", "-c", "i=0; while [ $i -lt 60 ]; do printf '%04000d\\\\n' $i; i=$((i+1)); done; exit 3"]`,
        '    log: never-printed'
      ].join('\n')
    )
    writeFileSync(join(workspace, 'smoke.yml'), `scenarios:\n${scenarios.join('\n')}\n`)
    const context = makeContext('CMD ["sleep", "300"]')
    const res = await run({ workspace, inputs: { context, 'smoke-config': 'smoke.yml' } })
    expect(res.exitCode).toBe(1)
    const size = Buffer.byteLength(res.summary)
    expect(size).toBeLessThan(1024 * 1024)
    expect(size).toBeGreaterThan(500 * 1024)
    expect(res.summary).toContain('**Result:** ❌')
    expect(res.summary).toMatch(/This section was shortened by \d+ bytes/)
    for (let i = 0; i < 6; i++) expect(res.summary).toContain(`flood-${i}`)
    rmSync(workspace, { recursive: true, force: true })
    rmSync(context, { recursive: true, force: true })
  })
})

describe('9: default tags on ordinary branch names', () => {
  it.each([
    ['ünïcödé', ['n-c-d-', 'sha-0123456']],
    ['日本語-fix', ['fix', 'sha-0123456']],
    ['$(x)', ['x-', 'sha-0123456']],
    ['日本語', ['sha-0123456']],
    ['feature/Login', ['feature-login', 'sha-0123456']]
  ])('branch %s', async (branch, tags) => {
    const res = await run({
      ref: `refs/heads/${branch}`,
      inputs: { images: '127.0.0.1:9/hardening/app', 'dry-run': 'true' }
    })
    expect(res.exitCode).toBe(0)
    expect(res.outputs['tag-names'].split('\n')).toEqual(tags)
  })
})
