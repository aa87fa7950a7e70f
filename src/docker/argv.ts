/**
 * Pure builders for docker argv arrays. Every value is one element: nothing passes through a
 * shell, so a build-arg like `X=$(rm -rf /)` reaches docker literally.
 */

/** One docker call as data: the argv (without `docker`) and any extra environment. */
export interface DockerCall {
  argv: readonly string[]
  /** Extra environment for this call only, e.g. DOCKER_BUILDKIT=0 for the legacy builder. */
  env?: Readonly<Record<string, string>>
}

/** A build secret as BuildKit mounts it: `--secret id=<id>,src=<file>`. */
export interface SecretMount {
  id: string
  src: string
}

export interface BuildSpec {
  context: string
  file: string
  tags: readonly string[]
  labels: readonly string[]
  buildArgs: ReadonlyArray<readonly [string, string]>
  target: string
  pull: boolean
  noCache: boolean
  network: string
  /** BuildKit only; values stay in files, only their paths reach argv. */
  secrets: readonly SecretMount[]
  /** `--cache-from` / `--cache-to` values, e.g. `type=gha` (cache-to needs buildx). */
  cacheFrom: readonly string[]
  cacheTo: readonly string[]
  iidFile: string
  useBuildx: boolean
  /** buildx only: output and BuildKit flags (`--load`, `--platform`, ...); default `--load`. */
  buildxArgs?: readonly string[]
}

export function buildArgv(spec: BuildSpec): string[] {
  const argv = spec.useBuildx ? ['buildx', 'build', ...(spec.buildxArgs ?? ['--load'])] : ['build']
  argv.push('--iidfile', spec.iidFile)
  if (spec.file) argv.push('--file', spec.file)
  for (const tag of spec.tags) argv.push('--tag', tag)
  for (const label of spec.labels) argv.push('--label', label)
  for (const [key, value] of spec.buildArgs) argv.push('--build-arg', `${key}=${value}`)
  if (spec.target) argv.push('--target', spec.target)
  if (spec.pull) argv.push('--pull')
  if (spec.noCache) argv.push('--no-cache')
  if (spec.network) argv.push('--network', spec.network)
  for (const s of spec.secrets) argv.push('--secret', secretArg(s.id, s.src))
  for (const from of spec.cacheFrom) argv.push('--cache-from', from)
  for (const to of spec.cacheTo) argv.push('--cache-to', to)
  // `--` is not accepted by docker build; a context starting with `-` is made explicit instead.
  argv.push(spec.context.startsWith('-') ? `./${spec.context}` : spec.context)
  return argv
}

/** BuildKit reads `--secret` as one CSV record, so a field with a comma or quote is quoted. */
function csvField(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field
}

export function secretArg(id: string, src: string): string {
  return `${csvField(`id=${id}`)},${csvField(`src=${src}`)}`
}

/** The password goes through stdin, never argv. */
export function loginArgv(registry: string, username: string): string[] {
  return ['login', '--username', username, '--password-stdin', registry]
}

export function tagArgv(source: string, target: string): string[] {
  return ['tag', source, target]
}

export function pushArgv(ref: string): string[] {
  return ['push', ref]
}
