import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { DockerCli } from './docker/cli.js'
import { buildArgv, type BuildSpec } from './docker/argv.js'

export type BuildRequest = Omit<BuildSpec, 'iidFile'>

/** Builds once with every tag and returns the image id (`sha256:…`). */
export async function buildImage(
  docker: DockerCli,
  req: BuildRequest,
  tempDir: string
): Promise<string> {
  const dir = mkdtempSync(join(tempDir, 'btp-build-'))
  const iidFile = join(dir, 'iid')
  try {
    await docker.exec(buildArgv({ ...req, iidFile }), {
      stream: true,
      // The legacy builder is only reachable by switching BuildKit off explicitly once the
      // buildx plugin is installed, because the CLI then routes `docker build` to buildx.
      env: req.useBuildx ? {} : { DOCKER_BUILDKIT: '0' }
    })
    return readFileSync(iidFile, 'utf8').trim()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
