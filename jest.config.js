// Two projects: `unit` (pure code and a faked docker CLI, fast) and `e2e` (the bundled
// action against the real engine and a real registry on loopback; run in band because they
// share one engine). Jest 30 ignores `testTimeout` inside a project, so each project sets its
// own timeout in a setup file: 30 s for unit tests, 180 s for e2e tests.
const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] }
}

export default {
  // Coverage (with --coverage, as scripts/test.sh runs it) counts src/ as the unit tests load
  // it; the e2e tests run the bundle in child processes, which this does not see.
  collectCoverageFrom: ['<rootDir>/src/**/*.ts'],
  coverageReporters: ['text-summary'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'],
      setupFilesAfterEnv: [
        '<rootDir>/__tests__/unit/setup-lazy-modules.ts',
        '<rootDir>/__tests__/setup/unit-timeout.ts'
      ]
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/__tests__/setup/e2e-timeout.ts']
    }
  ]
}
