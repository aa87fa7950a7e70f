import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import {
  freePort,
  makeContext,
  registryTags,
  repoRoot,
  requireEngine,
  startRegistry,
  type Registry
} from '../helpers/lab.js'

// The CLI as a user gets it: `npm install -g .` into a private prefix, then the installed bin.
let prefix: string
let bin: string
let registry: Registry

interface CliRun {
  code: number
  stdout: string
  stderr: string
}

function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {}
): Promise<CliRun> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(GITHUB_|INPUT_|STATE_|RUNNER_)/.test(k)) env[k] = v
  }
  // The bin's shebang finds node on PATH, as on a user's machine.
  env.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`
  Object.assign(env, opts.env)
  return new Promise(resolve => {
    const child = spawn(bin, args, {
      cwd: opts.cwd ?? repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += String(d)))
    child.stderr.on('data', d => (stderr += String(d)))
    child.on('close', code => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

function json(run: CliRun): {
  exitCode: number
  ref: string
  repository: string
  failure: string | null
  outputs: Record<string, string>
  plan: { push: boolean; targets: string[]; commands: Array<{ phase: string; argv: string[] }> }
  smoke: { result: string } | null
  timings: { phases: Array<{ name: string; ms: number; ok: boolean }>; totalMs: number }
} {
  try {
    return JSON.parse(run.stdout) as ReturnType<typeof json>
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`)
  }
}

/** A throwaway clone: one commit, plus the refs a case asks for. */
function gitRepo(setup: string[][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-cli-repo-'))
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  git('init', '-q', '-b', 'main')
  git(
    '-c',
    'user.name=t',
    '-c',
    'user.email=t@example.com',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'one'
  )
  for (const args of setup) git(...args)
  return dir
}

beforeAll(async () => {
  requireEngine()
  prefix = mkdtempSync(join(tmpdir(), 'docs-cli-prefix-'))
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '.'], {
    cwd: repoRoot,
    stdio: 'ignore'
  })
  bin = join(prefix, 'bin', 'build-tag-push')
  registry = await startRegistry()
})

afterAll(async () => {
  await registry?.stop()
  if (prefix) rmSync(prefix, { recursive: true, force: true })
})

describe('the installed build-tag-push command', () => {
  const action = parseYaml(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>
  }

  it.each([['--help'], ['-h']])(
    '%s lists every input of action.yml with its default, grouped',
    async flag => {
      const run = await runCli([flag])
      expect(run.code).toBe(0)
      for (const [name, spec] of Object.entries(action.inputs)) {
        expect(run.stdout).toContain(`--${name} `)
        const def = String(spec.default ?? '')
        if (def !== '' && !def.includes('${{'))
          expect(run.stdout.replace(/\s+/g, ' ')).toContain(`(default: ${def})`)
      }
      for (const title of ['Resolve tags', 'Build:', 'Smoke test:', 'Push:', 'Exit codes:']) {
        expect(run.stdout).toContain(title)
      }
    }
  )

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      version: string
    }
    const run = await runCli(['--version'])
    expect(run).toMatchObject({ code: 0, stdout: `build-tag-push ${pkg.version}\n` })
  })

  it.each([
    ['a typo', ['--imagez', 'x'], /unknown option "--imagez": did you mean --images\?/],
    ['a stray value', ['push'], /unexpected argument "push"/],
    ['a missing value', ['--images'], /--images needs a value/]
  ])('%s exits 2 with a usage message', async (_name, args, message) => {
    const run = await runCli(args)
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(message)
  })

  it.each([
    {
      name: 'a local tag wins over a branch of the same name',
      setup: [
        ['tag', 'release-7'],
        ['branch', 'release-7']
      ],
      ref: 'release-7',
      want: { ref: 'refs/tags/release-7', tagNames: 'release-7' }
    },
    {
      name: 'a local branch',
      setup: [['branch', 'hotfix']],
      ref: 'hotfix',
      want: { ref: 'refs/heads/hotfix', tagNames: 'hotfix' }
    }
  ])('dry run: $name', async ({ setup, ref, want }) => {
    const cwd = gitRepo(setup)
    try {
      const run = await runCli(
        ['--ref', ref, '--images', `${registry.host}/docs-cli/dry`, '--dry-run', '--json'],
        { cwd }
      )
      const out = json(run)
      expect(out).toMatchObject({ exitCode: 0, ref: want.ref })
      // Default rules: a non-semver tag gives only itself; a branch gives itself and sha-…
      expect(out.outputs['tag-names'].split('\n')[0]).toBe(want.tagNames)
      if (want.ref.startsWith('refs/tags/')) expect(out.outputs['tag-names']).toBe(want.tagNames)
      expect(run.stderr).toContain(
        `repository local/${(cwd.split('/').pop() ?? '').toLowerCase()}, from the directory name`
      )
      // The action's own `plan` output: what is pushed where, and every docker call.
      expect(out.plan).toMatchObject({ push: true })
      expect(out.plan.commands.length).toBeGreaterThan(0)
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })

  it.each([
    {
      name: 'a GitHub ssh origin',
      origin: 'git@github.com:Acme-Org/web.app.git',
      args: [],
      want: 'Acme-Org/web.app',
      from: 'from the origin remote'
    },
    {
      name: 'a GitHub https origin',
      origin: 'https://github.com/acme/api',
      args: [],
      want: 'acme/api',
      from: 'from the origin remote'
    },
    {
      name: '--repo over any origin',
      origin: 'https://github.com/acme/api',
      args: ['--repo', 'me/fork'],
      want: 'me/fork',
      from: 'from --repo'
    },
    {
      name: 'a non-GitHub origin',
      origin: 'https://gitlab.example/acme/api.git',
      args: [],
      want: 'local/',
      from: 'origin https://gitlab.example/acme/api.git is not on GitHub'
    }
  ])('repository name: $name', async ({ origin, args, want, from }) => {
    const cwd = gitRepo([['remote', 'add', 'origin', origin]])
    try {
      const run = await runCli(['--dry-run', '--json', ...args], { cwd })
      expect(json(run).repository.startsWith(want)).toBe(true)
      expect(run.stderr).toContain(from)
    } finally {
      rmSync(cwd, { recursive: true, force: true })
    }
  })

  it('pushes after a passing smoke test, with --json outputs, timings and the smoke report', async () => {
    const context = makeContext('CMD ["sh","-c","echo ready; sleep 30"]')
    const name = 'docs-cli/ok'
    const run = await runCli([
      '--ref',
      'v1.4.0',
      '--repo',
      'acme/ok',
      '--context',
      context,
      '--images',
      `${registry.host}/${name}`,
      '--smoke-log',
      'ready',
      '--pull',
      'false',
      '--retries=0',
      '--json'
    ])
    const out = json(run)
    expect(out).toMatchObject({ exitCode: 0, failure: null, smoke: { result: 'passed' } })
    expect(out.outputs.pushed).toBe('true')
    expect(out.timings.phases.map(p => p.name)).toEqual(
      expect.arrayContaining(['Build', 'Smoke test', 'Push'])
    )
    expect(await registryTags(registry, name)).toEqual(['1', '1.4', '1.4.0', 'latest', 'v1.4.0'])
    rmSync(context, { recursive: true, force: true })
  })

  it.each([
    { name: 'a bad input value', code: 2, dockerfile: 'CMD ["true"]', args: ['--retries', 'many'] },
    { name: 'a failing build', code: 3, dockerfile: 'RUN ["/bin/false"]', args: [] },
    {
      name: 'a failing smoke test',
      code: 4,
      dockerfile: 'CMD ["sh","-c","echo boom; exit 3"]',
      args: ['--smoke-log', 'ready']
    }
  ])('exit code $code for $name, and nothing is pushed', async ({ code, dockerfile, args }) => {
    const context = makeContext(dockerfile)
    const name = `docs-cli/fail-${code}`
    const run = await runCli([
      '--ref',
      'v1.0.0',
      '--repo',
      'acme/f',
      '--context',
      context,
      '--images',
      `${registry.host}/${name}`,
      ...args
    ])
    expect({ code: run.code, out: run.stdout }).toMatchObject({ code })
    expect(run.stdout).toContain(`failed (exit ${code})`)
    expect(await registryTags(registry, name)).toEqual([])
    rmSync(context, { recursive: true, force: true })
  })

  it('exit code 5 when the registry cannot be reached', async () => {
    const context = makeContext('CMD ["sh","-c","echo ready; sleep 30"]')
    const port = await freePort()
    const run = await runCli([
      '--ref',
      'v1.0.0',
      '--repo',
      'acme/p',
      '--context',
      context,
      '--images',
      `127.0.0.1:${port}/docs-cli/nowhere`,
      '--smoke-log',
      'ready',
      '--retries',
      '0'
    ])
    expect(run.code).toBe(5)
    rmSync(context, { recursive: true, force: true })
  })

  it('prints phase lines, not workflow commands, off the runner; passes them through under it', async () => {
    const context = makeContext('CMD ["sh","-c","echo ready; sleep 30"]')
    const args = [
      '--ref',
      'v1.0.0',
      '--repo',
      'acme/h',
      '--context',
      context,
      '--smoke-log',
      'ready',
      // A tag push without images would publish nothing, which fails the release by design.
      '--push',
      'false'
    ]
    const human = await runCli(args)
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/✓ Build\s+\d/)
    expect(human.stdout).toMatch(/✓ Smoke test\s+\d/)
    expect(human.stdout).not.toMatch(/^::/m)
    const runner = await runCli(args, { env: { GITHUB_ACTIONS: 'true' } })
    expect(runner.code).toBe(0)
    expect(runner.stdout).toMatch(/^::group::Build$/m)
    rmSync(context, { recursive: true, force: true })
  })
})
