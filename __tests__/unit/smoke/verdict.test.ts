import { describe, expect, it } from '@jest/globals'
import { planChecks } from '../../../src/smoke/checks.js'
import { CauseFinder } from '../../../src/smoke/crash-cause.js'
import { crashKind, CRASH_SIGNATURES } from '../../../src/smoke/crash-signatures.js'
import type { ProbeAttempt } from '../../../src/smoke/http-probe.js'
import { parseSmokeInputs } from '../../../src/smoke/inputs.js'
import { ScenarioState } from '../../../src/smoke/verdict.js'

const URL = 'http://127.0.0.1:8080/health'

/** A scripted event at a time (ms since the container started). */
type Event =
  | [number, 'line', string]
  | [number, 'probe', ProbeAttempt]
  | [number, 'health', 'starting' | 'healthy' | 'unhealthy']
  | [number, 'exit', number]
  | [number, 'tick']

const ok: ProbeAttempt = { ok: true, detail: 'status 200', answered: true }
const s500: ProbeAttempt = { ok: false, detail: 'status 500, body "boom"', answered: true }
const s503: ProbeAttempt = { ok: false, detail: 'status 503', answered: true }
const refused: ProbeAttempt = { ok: false, detail: 'ECONNREFUSED', answered: false }

/** Plays events in order, ticking at every deadline that falls before the next event. */
function play(
  inputs: Record<string, string>,
  events: Event[],
  hasHealthcheck = false
): { state: ScenarioState; at?: number } {
  const s = parseSmokeInputs(n => ({ 'smoke-timeout': '60', ...inputs })[n] ?? '').scenarios[0]
  const state = new ScenarioState(s, planChecks(s, hasHealthcheck), 0)
  for (const [t, kind, arg] of events) {
    for (
      let due = state.nextDeadline();
      due !== undefined && due <= t;
      due = state.nextDeadline()
    ) {
      state.tick(due)
    }
    if (state.decision) break
    if (kind === 'line') state.line(arg, t)
    else if (kind === 'probe') state.probe(0, arg, t)
    else if (kind === 'health') state.health(arg, t, 'exit 1: down')
    else if (kind === 'exit') state.exited(arg, t)
    else state.tick(t)
  }
  const due = state.nextDeadline()
  if (!state.decision && due !== undefined) state.tick(due)
  return { state, at: state.decision?.at }
}

describe('verdict: a service must stay up after ready', () => {
  it.each<[string, Record<string, string>, Event[], 'passed' | 'failed', RegExp, number?]>([
    [
      'stays up the settle time after ready',
      { 'smoke-log': 'ready' },
      [[100, 'line', 'ready']],
      'passed',
      /^all checks passed; stayed up 3 s after ready$/,
      3100
    ],
    [
      'exits 0 right after ready',
      { 'smoke-log': 'ready' },
      [
        [100, 'line', 'ready'],
        [120, 'exit', 0]
      ],
      'failed',
      /^the container exited with code 0 0 s after ready; a service must stay up 3 s \(smoke-settle\)$/,
      120
    ],
    [
      'killed 1 s after ready',
      { 'smoke-log': 'ready' },
      [
        [100, 'line', 'ready'],
        [1100, 'exit', 137]
      ],
      'failed',
      /^the container exited with code 137 1 s after ready/,
      1100
    ],
    [
      'a traceback 2 s after ready names the exception',
      { 'smoke-log': 'ready' },
      [
        [100, 'line', 'ready'],
        [2100, 'line', 'Traceback (most recent call last):'],
        [2101, 'line', '  File "/app/app.py", line 9, in <module>'],
        [2102, 'line', "KeyError: 'DATABASE_URL'"]
      ],
      'failed',
      /^the container crashed \(Python exception\): KeyError: 'DATABASE_URL'$/,
      2102
    ],
    [
      'unhealthy inside the window',
      { 'smoke-log': 'ready' },
      [
        [100, 'line', 'ready'],
        [900, 'health', 'unhealthy']
      ],
      'failed',
      /^container became unhealthy 0.8 s after ready \(last check exit 1: down\)$/,
      900
    ],
    [
      'smoke-settle 0 passes at ready',
      { 'smoke-log': 'ready', 'smoke-settle': '0' },
      [
        [100, 'line', 'ready'],
        [120, 'exit', 0]
      ],
      'passed',
      /^all checks passed$/,
      100
    ],
    [
      'a batch job has no window',
      { 'smoke-log': 'done', 'smoke-exit-code': '0' },
      [
        [100, 'line', 'done'],
        [120, 'exit', 0]
      ],
      'passed',
      /^exited with code 0 as expected$/,
      120
    ],
    [
      'no checks: exit 0 still passes',
      {},
      [[500, 'exit', 0]],
      'passed',
      /^exited with code 0$/,
      500
    ],
    [
      'a ready line in colour',
      { 'smoke-log': '^ready$', 'smoke-settle': '0' },
      [[100, 'line', '\x1b[32mready\x1b[0m']],
      'passed',
      /^all checks passed$/,
      100
    ],
    [
      'words like error in the logs do not fail',
      { 'smoke-log': 'ready', 'smoke-settle': '1' },
      [
        [10, 'line', 'error handler installed; exception logging on'],
        [20, 'line', 'ready']
      ],
      'passed',
      /stayed up 1 s/,
      1020
    ]
  ])('%s', (_name, inputs, events, result, message, at) => {
    const { state } = play(inputs, events)
    expect(state.decision?.message).toMatch(message)
    expect(state.decision?.result).toBe(result)
    if (at !== undefined) expect(state.decision?.at).toBe(at)
  })

  it('reports the window as a check', () => {
    const { state } = play({ 'smoke-log': 'ready' }, [[100, 'line', 'ready']])
    expect(state.checks.map(c => [c.check.name, c.passedAt])).toEqual([
      ['log /ready/', 100],
      ['stays up 3 s after ready', 3100]
    ])
  })
})

describe('verdict: HTTP grace period', () => {
  const probe = { 'smoke-http': URL }
  it.each<[string, Record<string, string>, Event[], 'passed' | 'failed', RegExp, number?]>([
    [
      '500 after the ready line fails when the grace period is over',
      { ...probe, 'smoke-log': 'ready' },
      [
        [100, 'probe', s500],
        [200, 'line', 'ready'],
        [1000, 'probe', s500],
        [2199, 'probe', s500],
        [2200, 'probe', s500]
      ],
      'failed',
      /^GET http:\/\/127\.0\.0\.1:8080\/health → 2xx: got status 500, body "boom" after the 2 s grace period \(smoke-http-grace\)$/,
      2200
    ],
    [
      'a refused connection after the ready line fails (wrong port)',
      { ...probe, 'smoke-log': 'ready' },
      [
        [100, 'line', 'ready'],
        [500, 'probe', refused],
        [2300, 'probe', refused]
      ],
      'failed',
      /got ECONNREFUSED after the 2 s grace period/,
      2300
    ],
    [
      'no ready line: a refused connection waits for the timeout',
      { ...probe, 'smoke-timeout': '5' },
      [
        [100, 'probe', refused],
        [4900, 'probe', refused]
      ],
      'failed',
      /^timed out after 5s waiting for: GET .* \(last: ECONNREFUSED\)$/,
      5000
    ],
    [
      'no ready line: the grace starts at the first answer',
      probe,
      [
        [3000, 'probe', refused],
        [4000, 'probe', s500],
        [5900, 'probe', s500],
        [6000, 'probe', s500]
      ],
      'failed',
      /got status 500/,
      6000
    ],
    [
      'warm-up 503 for 1 s, then 200',
      { ...probe, 'smoke-log': 'ready', 'smoke-settle': '0' },
      [
        [100, 'line', 'ready'],
        [200, 'probe', s503],
        [1100, 'probe', s503],
        [1300, 'probe', ok]
      ],
      'passed',
      /^all checks passed$/,
      1300
    ],
    [
      'warm-up without a ready line',
      { ...probe, 'smoke-settle': '0' },
      [
        [200, 'probe', s503],
        [1100, 'probe', s503],
        [1300, 'probe', ok]
      ],
      'passed',
      /^all checks passed$/,
      1300
    ],
    [
      'smoke-http-grace 0 fails at the first wrong answer after ready',
      { ...probe, 'smoke-log': 'ready', 'smoke-http-grace': '0' },
      [
        [100, 'line', 'ready'],
        [150, 'probe', s503]
      ],
      'failed',
      /got status 503 after the 0 s grace period/,
      150
    ]
  ])('%s', (_name, inputs, events, result, message, at) => {
    const { state } = play(inputs, events)
    expect(state.decision?.message).toMatch(message)
    expect(state.decision?.result).toBe(result)
    if (at !== undefined) expect(state.decision?.at).toBe(at)
  })
})

describe('verdict: crash causes', () => {
  it.each<[string, string[], RegExp, string]>([
    [
      'Python: the exception that ends the traceback',
      [
        'Traceback (most recent call last):',
        '  File "/app/app.py", line 1, in <module>',
        '    import flask',
        "ModuleNotFoundError: No module named 'flask'"
      ],
      /^the container crashed \(Python exception\): /,
      "ModuleNotFoundError: No module named 'flask'"
    ],
    [
      'Node: the Error line after the throw',
      [
        '/app/index.js:3',
        "    throw new Error('no DATABASE_URL');",
        '    ^',
        '',
        'Error: no DATABASE_URL',
        '    at Object.<anonymous> (/app/index.js:3:11)'
      ],
      /^the container crashed \(Node error\): /,
      'Error: no DATABASE_URL'
    ],
    [
      'Node: the Error line before the version banner',
      [
        'node:internal/process/promises:288',
        '            triggerUncaughtException(err, true /* fromPromise */);',
        "TypeError: Cannot read properties of undefined (reading 'port')",
        '    at main (/app/index.js:7:20)',
        '',
        'Node.js v20.11.1'
      ],
      /\(Node error\)/,
      "TypeError: Cannot read properties of undefined (reading 'port')"
    ],
    [
      'Go: the panic line and the first frame',
      [
        'panic: runtime error: index out of range [5] with length 3',
        '',
        'goroutine 1 [running]:',
        'main.main()',
        '\t/app/main.go:8 +0x1d',
        'exit status 2'
      ],
      /^the container crashed \(Go panic\): /,
      'panic: runtime error: index out of range [5] with length 3 (at main.main() /app/main.go:8 +0x1d)'
    ],
    [
      'Java: the Exception in thread line',
      [
        'Exception in thread "main" java.lang.IllegalStateException: no config',
        '\tat App.main(App.java:5)'
      ],
      /\(Java exception\)/,
      'Exception in thread "main" java.lang.IllegalStateException: no config'
    ]
  ])('%s', (_name, lines, message, cause) => {
    const events: Event[] = lines.map((l, i) => [10 + i, 'line', l])
    const { state } = play({ 'smoke-log': 'never' }, events)
    expect(state.decision?.result).toBe('failed')
    expect(state.decision?.message).toMatch(message)
    expect(state.decision?.message.endsWith(cause)).toBe(true)
    expect(state.decision?.cause).toBe(cause)
    // Decided on the cause line itself, not at a timer.
    expect(state.decision?.at).toBeLessThan(10 + lines.length)
  })

  it('a user pattern names the matched line', () => {
    const { state } = play({ 'smoke-fail-log': 'FATAL', 'smoke-log': 'x' }, [
      [5, 'line', 'FATAL: no db']
    ])
    expect(state.decision?.message).toBe('output matched fail pattern /FATAL/: "FATAL: no db"')
    expect(state.decision?.cause).toBe('FATAL: no db')
  })

  it('a traceback cut short decides on exit with what it has', () => {
    const { state } = play({ 'smoke-log': 'x' }, [
      [5, 'line', 'Traceback (most recent call last):'],
      [6, 'exit', 1]
    ])
    expect(state.decision).toMatchObject({ at: 6, cause: 'Traceback (most recent call last):' })
  })

  it('a crash whose cause never comes is decided within a second', () => {
    const { state } = play({ 'smoke-log': 'x' }, [
      [5, 'line', 'Traceback (most recent call last):']
    ])
    expect(state.decision?.at).toBe(1005)
  })

  it('every built-in signature has a runtime', () => {
    expect(CRASH_SIGNATURES.every(s => crashKind(s) !== undefined)).toBe(true)
    expect(crashKind('FATAL')).toBeUndefined()
  })

  it('CauseFinder looks back for a Go head when the goroutine line matched', () => {
    const f = new CauseFinder('go', 'goroutine 7 [running]:', [
      'fatal error: all goroutines are asleep'
    ])
    f.push('main.run()')
    f.push('\t/app/run.go:3')
    expect(f.cause()).toBe('fatal error: all goroutines are asleep (at main.run() /app/run.go:3)')
  })
})

describe('check plan', () => {
  const opts = (inputs: Record<string, string>) =>
    parseSmokeInputs(n => inputs[n] ?? '').scenarios[0]
  it.each<[string, Record<string, string>, boolean, string[], number]>([
    ['no checks', {}, false, ['stays up 3s or exits 0'], 0],
    ['log', { 'smoke-log': 'ready' }, false, ['log /ready/'], 3],
    [
      'batch job',
      { 'smoke-log': 'ok', 'smoke-exit-code': '0' },
      true,
      ['log /ok/', 'exit code 0'],
      0
    ],
    ['health auto', { 'smoke-settle': '1' }, true, ['health: healthy'], 1],
    ['settle 0', { 'smoke-http': URL, 'smoke-settle': '0' }, false, [`http GET ${URL} → 2xx`], 0]
  ])('%s', (_name, inputs, hc, names, stayUp) => {
    const plan = planChecks(opts(inputs), hc)
    expect(plan.checks.map(c => c.name)).toEqual(names)
    expect(plan.stayUpSec).toBe(stayUp)
  })
})
