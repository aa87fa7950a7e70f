import { jest } from '@jest/globals'

// Unit tests are pure or use the fake docker: one that runs for seconds is stuck, so fail it
// fast. (Jest 30 ignores a per-project `testTimeout`; a setup file per project does apply.)
jest.setTimeout(10_000)
