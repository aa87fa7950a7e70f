export { parseSmokeInputs } from './inputs.js'
export { runSmoke, type SmokeHooks, type SmokeRunPlan } from './run.js'
export { smokeSummaryMarkdown, smokeSummarySections } from './report-markdown.js'
export { junitXml } from './report-junit.js'
export {
  smokeRunArgs,
  scenarioRunArgs,
  containerName,
  defaultSmokeNetwork,
  RUN_LABEL,
  type PlannedScenarioRun
} from './run-args.js'
export type {
  CheckReport,
  HttpProbe,
  LogPattern,
  ScenarioOptions,
  ScenarioReport,
  SmokeOptions,
  SmokeReport,
  SmokeResult
} from './types.js'
