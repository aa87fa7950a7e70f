import { jest } from '@jest/globals'

// Unit tests are pure or use the fake docker: one that runs for long is stuck, so fail it well
// before the e2e limit. 30 s, not less: the property-based suites run hundreds of cases and
// took over 10 s on the shared 2-core machine under load. (Jest 30 ignores a per-project
// `testTimeout`; a setup file per project does apply.)
jest.setTimeout(30_000)
