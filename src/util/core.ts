/**
 * The few runner commands the action uses, with @actions/core's exact wire format. That
 * package's entry imports its OIDC client and so an HTTP stack (http-client, undici) and
 * @actions/exec, which cost a third of the start-up time of a run that needs none of them.
 * Workflow commands go to stdout; outputs, state and exported variables go to the files the
 * runner names (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV), with a random heredoc delimiter.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync } from 'node:fs'
import { EOL } from 'node:os'

function commandValue(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' || value instanceof String
    ? String(value)
    : JSON.stringify(value)
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** `::name::message` on stdout, escaped so a value cannot end the command early. */
export function issueCommand(name: string, message: unknown): void {
  process.stdout.write(`::${name}::${escapeData(commandValue(message))}${EOL}`)
}

/** `name<<delimiter` … `delimiter` appended to the file the runner named, or a stdout fallback. */
function fileCommand(file: 'OUTPUT' | 'STATE' | 'ENV', name: string, value: unknown): boolean {
  const path = process.env[`GITHUB_${file}`]
  if (!path) return false
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  const delimiter = `ghadelimiter_${randomUUID()}`
  const text = commandValue(value)
  if (name.includes(delimiter) || text.includes(delimiter)) {
    throw new Error(`Unexpected input: the value contains the delimiter "${delimiter}"`)
  }
  appendFileSync(path, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, 'utf8')
  return true
}

/** The step input as the runner passes it (`INPUT_<NAME>`), trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()
}

export function setOutput(name: string, value: unknown): void {
  if (!fileCommand('OUTPUT', name, value)) {
    process.stdout.write(EOL)
    process.stdout.write(`::set-output name=${name}::${escapeData(commandValue(value))}${EOL}`)
  }
}

export function exportVariable(name: string, value: unknown): void {
  process.env[name] = commandValue(value)
  if (!fileCommand('ENV', name, value)) {
    process.stdout.write(`::set-env name=${name}::${escapeData(commandValue(value))}${EOL}`)
  }
}

export function saveState(name: string, value: unknown): void {
  if (!fileCommand('STATE', name, value)) {
    process.stdout.write(`::save-state name=${name}::${escapeData(commandValue(value))}${EOL}`)
  }
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] || ''
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', secret)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function warning(message: string | Error): void {
  issueCommand('warning', message instanceof Error ? message.toString() : message)
}

export function notice(message: string | Error): void {
  issueCommand('notice', message instanceof Error ? message.toString() : message)
}

export function error(message: string | Error): void {
  issueCommand('error', message instanceof Error ? message.toString() : message)
}

/** Marks the step failed (exit code 1) with an error annotation; the caller returns normally. */
export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

export function startGroup(name: string): void {
  issueCommand('group', name)
}

export function endGroup(): void {
  process.stdout.write(`::endgroup::${EOL}`)
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name)
  try {
    return await fn()
  } finally {
    endGroup()
  }
}

/** Appends markdown to the job summary (GITHUB_STEP_SUMMARY), as core.summary.write() does. */
export function appendSummary(markdown: string): void {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  }
  appendFileSync(path, markdown, 'utf8')
}
