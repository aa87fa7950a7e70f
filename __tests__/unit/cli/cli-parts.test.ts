import { describe, expect, it } from '@jest/globals'
import { parseArgs, suggest, UsageError } from '../../../src/cli/args.js'
import { firstSentence, inputGroup, loadActionInputs } from '../../../src/cli/action-meta.js'
import { exitCodeFor } from '../../../src/cli/exit-codes.js'
import { githubRepository, resolveRef, resolveRepository, type Git } from '../../../src/cli/git.js'
import { helpText } from '../../../src/cli/help.js'
import { planFromLog, planRows, type PlanStep } from '../../../src/cli/plan-view.js'
import { HumanRenderer, table } from '../../../src/cli/render.js'
import { WorkflowLog } from '../../../src/cli/workflow-log.js'
import { phaseKind } from '../../../src/action/phases.js'
import { failureKind, InputError, tagFailure } from '../../../src/util/errors.js'

const inputs = loadActionInputs()

describe('CLI flags take the action value syntax', () => {
  it.each([
    { name: 'bare boolean', argv: ['--pull'], want: { pull: ['true'] } },
    { name: 'boolean with a separate value', argv: ['--pull', 'false'], want: { pull: ['false'] } },
    { name: 'boolean with =', argv: ['--pull=false'], want: { pull: ['false'] } },
    { name: 'negative number, separate', argv: ['--retries', '-1'], want: { retries: ['-1'] } },
    { name: 'negative number with =', argv: ['--retries=-1'], want: { retries: ['-1'] } },
    {
      name: 'repeated flag gives lines',
      argv: ['--smoke-log', 'a', '--smoke-log', 'b'],
      want: { 'smoke-log': ['a', 'b'] }
    },
    { name: 'value with = inside', argv: ['--build-args=A=1'], want: { 'build-args': ['A=1'] } },
    {
      name: 'boolean followed by another flag',
      argv: ['--no-cache', '--pull', 'true'],
      want: { 'no-cache': ['true'], pull: ['true'] }
    }
  ])('$name', ({ argv, want }) => {
    expect(Object.fromEntries(parseArgs(argv, inputs).inputs)).toEqual(want)
  })

  it.each([
    { name: 'help', argv: ['-h'], key: 'help' },
    { name: 'version', argv: ['-V'], key: 'version' },
    { name: 'json', argv: ['--json'], key: 'json' }
  ])('CLI switch $name', ({ argv, key }) => {
    expect(parseArgs(argv, inputs)).toMatchObject({ [key]: true })
  })

  it('runner stand-ins, with --repository as an alias of --repo', () => {
    expect(
      parseArgs(['--ref', 'v1', '--repository', 'a/b', '--password-env', 'P'], inputs)
    ).toMatchObject({
      ref: 'v1',
      repo: 'a/b',
      passwordEnv: 'P'
    })
  })

  it.each([
    { name: 'typo', argv: ['--imagez', 'x'], message: /did you mean --images\?/ },
    {
      name: 'typo in a smoke flag',
      argv: ['--smoke-htp', 'x'],
      message: /did you mean --smoke-http\?/
    },
    {
      name: 'nothing close',
      argv: ['--zzzzzzzzzzzz'],
      message: /unknown option "--zzzzzzzzzzzz" \(see --help\)/
    },
    { name: 'positional', argv: ['build'], message: /unexpected argument "build"/ },
    {
      name: 'missing value',
      argv: ['--images', '--push', 'true'],
      message: /--images needs a value/
    },
    { name: 'value on a switch', argv: ['--json=yes'], message: /--json takes no value/ }
  ])('usage error: $name', ({ argv, message }) => {
    expect(() => parseArgs(argv, inputs)).toThrow(UsageError)
    expect(() => parseArgs(argv, inputs)).toThrow(message)
  })

  it('suggests only close names', () => {
    expect(suggest('tgas', ['tags', 'images'])).toBe('tags')
    expect(suggest('qqqq', ['tags', 'images'])).toBeUndefined()
  })
})

describe('--help from action.yml', () => {
  const text = helpText(inputs, '9.9.9')
  it('lists every input once, with its non-empty default', () => {
    for (const i of inputs) {
      expect(text).toContain(`  --${i.name} `)
      if (i.default && !i.default.includes('${{'))
        expect(text.replace(/\s+/g, ' ')).toContain(`(default: ${i.default})`)
    }
  })
  it.each([
    ['images', 'resolve'],
    ['sha-length', 'resolve'],
    ['build-args', 'build'],
    ['smoke-http', 'smoke'],
    ['smoke', 'smoke'],
    ['retry-max-wait', 'push'],
    ['password', 'push'],
    ['dry-run', 'run']
  ])('%s is in the %s group', (name, group) => {
    expect(inputGroup(name)).toBe(group)
  })
  it('one-line descriptions stop at the first sentence', () => {
    expect(firstSentence('Image names (a, b). Every tag applies.')).toBe('Image names (a, b)')
    expect(firstSentence('Run the smoke test.')).toBe('Run the smoke test')
  })
  it('documents the exit codes', () => {
    expect(text).toMatch(
      /Exit codes:[\s\S]*2 {2}bad input[\s\S]*3 {2}build[\s\S]*4 {2}smoke[\s\S]*5 {2}push/
    )
  })
})

describe('refs and repository like git', () => {
  const fakeGit =
    (refs: Record<string, string>, origin = ''): Git =>
    args => {
      if (args[0] === 'rev-parse') return refs[args[args.length - 1]] ?? ''
      if (args[0] === 'remote') return origin
      if (args[0] === 'symbolic-ref') return refs.HEAD ?? ''
      return ''
    }
  it.each([
    { name: 'full ref as given', ref: 'refs/pull/4/merge', refs: {}, want: 'refs/pull/4/merge' },
    {
      name: 'tag wins over branch',
      ref: 'release-7',
      refs: { 'refs/tags/release-7': 'a', 'refs/heads/release-7': 'b' },
      want: 'refs/tags/release-7'
    },
    {
      name: 'branch',
      ref: 'release-7',
      refs: { 'refs/heads/release-7': 'b' },
      want: 'refs/heads/release-7'
    },
    {
      name: 'remote branch',
      ref: 'origin/dev',
      refs: { 'refs/remotes/origin/dev': 'c' },
      want: 'refs/heads/dev'
    },
    { name: 'unknown version-like is a tag', ref: 'v2.0.0', refs: {}, want: 'refs/tags/v2.0.0' },
    { name: 'unknown name is a branch', ref: 'topic', refs: {}, want: 'refs/heads/topic' },
    { name: 'empty is the current branch', ref: '', refs: { HEAD: 'dev' }, want: 'refs/heads/dev' }
  ])('$name', ({ ref, refs, want }) => {
    expect(resolveRef(ref, fakeGit(refs as Record<string, string>)).ref).toBe(want)
  })

  it.each([
    ['git@github.com:Acme/app.git', 'Acme/app'],
    ['https://github.com/acme/app', 'acme/app'],
    ['https://x-token@github.com/acme/app.git', 'acme/app'],
    ['ssh://git@github.com/acme/my.app.git', 'acme/my.app'],
    ['https://gitlab.com/acme/app.git', undefined],
    ['/srv/git/app.git', undefined]
  ])('GitHub remote %s', (url, want) => {
    expect(githubRepository(url)).toBe(want)
  })

  it.each([
    {
      name: '--repo',
      flag: 'me/x',
      origin: 'git@github.com:a/b.git',
      want: 'me/x',
      source: '--repo'
    },
    {
      name: 'origin',
      flag: undefined,
      origin: 'git@github.com:a/b.git',
      want: 'a/b',
      source: 'the origin remote'
    },
    {
      name: 'directory',
      flag: undefined,
      origin: 'https://gitlab.com/a/b',
      want: 'local/my-app',
      source: 'the directory name'
    }
  ])('repository from $name', ({ flag, origin, want, source }) => {
    const r = resolveRepository(flag, '/tmp/My App', fakeGit({}, origin))
    expect(r.repository).toBe(want)
    expect(r.source.startsWith(source)).toBe(true)
  })
})

describe('workflow log', () => {
  it('turns commands into events, masks secrets and honours stop-commands', () => {
    const log = new WorkflowLog(['hunter2'])
    const events = [
      '::group::Build',
      'pass is hunter2',
      '::add-mask::tok%0Aen',
      'tok and en',
      '::endgroup::',
      '::stop-commands::abc-123',
      '::error::not a command',
      '::abc-123::',
      '::warning file=x::careful%25',
      '::debug::dbg'
    ].map(l => log.read(l))
    expect(events).toEqual([
      { kind: 'group', name: 'Build' },
      { kind: 'line', text: 'pass is ***' },
      undefined,
      { kind: 'line', text: '*** and ***' },
      { kind: 'endgroup' },
      undefined,
      { kind: 'line', text: '::error::not a command' },
      undefined,
      { kind: 'annotation', level: 'warning', message: 'careful%' },
      { kind: 'debug', message: 'dbg' }
    ])
  })
})

describe('human rendering', () => {
  function render(lines: string[], failed = false): { text: string; phases: unknown } {
    let text = ''
    let t = 0
    const r = new HumanRenderer(s => (text += s), {
      tty: false,
      color: false,
      now: () => (t += 100)
    })
    const log = new WorkflowLog()
    for (const l of lines) {
      const e = log.read(l)
      if (e) r.event(e)
    }
    r.finish(failed)
    return { text, phases: r.phases.map(p => [p.name, p.ok]) }
  }
  it('a phase line per phase, the failed one marked', () => {
    const { text, phases } = render([
      '::group::Build',
      'step 1',
      '::endgroup::',
      '::group::Smoke test',
      '::endgroup::',
      '::error::Smoke test failed'
    ])
    expect(phases).toEqual([
      ['Build', true],
      ['Smoke test', false]
    ])
    expect(text).toMatch(
      /▸ Build\n {2}step 1\n✓ Build +\d+ms\n▸ Smoke test\n✗ Smoke test +\d+ms\nerror: Smoke test failed/
    )
    expect(text).not.toContain('::')
  })
  it('plan lines become table rows', () => {
    const steps: PlanStep[] = []
    expect(planFromLog('["docker","push","r/a:1"]', steps)).toBe(true)
    expect(planFromLog('Tags:', steps)).toBe(false)
    expect(planRows(steps)).toEqual([['1', 'push', 'docker push r/a:1']])
    expect(table(['#', 'cmd'], [['1', 'x y']])).toBe('#  cmd\n-  ---\n1  x y')
  })
  it("the action's plan output becomes table rows, one per command", () => {
    const plan = {
      push: true,
      targets: ['r/a:1'],
      commands: [
        { phase: 'build', argv: ['docker', 'build', '--tag', 'r/a:1', '.'] },
        { phase: 'push', argv: ['docker', 'push', 'r/a:1'] }
      ]
    }
    expect(planRows(plan)).toEqual([
      ['1', 'build', 'docker build --tag r/a:1 .'],
      ['2', 'push', 'docker push r/a:1']
    ])
  })
})

describe('failure kinds and exit codes', () => {
  it.each([
    ['Build', 'build'],
    ['Prepare image', 'build'],
    ['Docker engine', 'build'],
    ['Smoke test', 'smoke'],
    ['Push', 'push']
  ])('phase %s is a %s failure', (name, kind) => {
    expect(phaseKind(name)).toBe(kind)
  })
  it('the innermost phase wins; untagged errors are input errors', () => {
    const err = new Error('x')
    tagFailure(err, 'smoke')
    tagFailure(err, 'build')
    expect(failureKind(err)).toBe('smoke')
    expect(failureKind(new InputError('tags', 'bad'))).toBe('input')
  })
  it.each([
    ['input', 2],
    ['build', 3],
    ['smoke', 4],
    ['push', 5],
    [undefined, 1]
  ])('%s exits %i', (kind, code) => {
    expect(exitCodeFor(kind)).toBe(code)
  })
})
