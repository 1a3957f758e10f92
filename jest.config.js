/** Two projects: unit (pure code) and integration (the real Neo4j, the real server). */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] };
// No test may read outside the repository (a clone has nothing beside it): the global setups
// load tests/guard/repository-only.js. Jest's cache is read during the run too, so it lives
// inside the repository as well.
const guard = { cacheDirectory: '<rootDir>/test-results/jest-cache' };
const checkReads = '<rootDir>/tests/guard/check-reads.ts';

/** @type {import('jest').Config} */
module.exports = {
  // Integration tests share one database and count its nodes: one test file at a time.
  maxWorkers: 1,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      ...guard,
      globalSetup: '<rootDir>/tests/guard/global-setup.js',
      setupFilesAfterEnv: [checkReads],
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/tests/integration/global-setup.ts',
      globalTeardown: '<rootDir>/tests/integration/global-teardown.ts',
      ...guard,
      setupFilesAfterEnv: ['<rootDir>/tests/integration/timeouts.ts', checkReads],
    },
  ],
};
