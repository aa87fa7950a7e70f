import { ExecDockerCli } from '../docker/cli.js'
import { dropEngineProbe, prefetchEngineProbe } from '../docker/engine.js'

// The engine probe starts before the pipeline's code is loaded, so docker answers while the
// rest of the bundle compiles. A dry run asks the engine only when it plans (read-only).
if (!/^true$/i.test((process.env['INPUT_DRY-RUN'] ?? '').trim())) {
  prefetchEngineProbe(new ExecDockerCli())
}
const { run } = await import('../action/run.js')
try {
  await run()
} finally {
  dropEngineProbe()
}
