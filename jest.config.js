// Five projects: `unit` runs in parallel workers; `workflow` runs the workflows on a
// time-skipping test server per file; `integration` shares one Temporal dev server
// and one PostgreSQL (started by its globalSetup) and runs one file at a time, in band; `e2e`
// drives the dashboard in Debian's Chromium against the same kind of stack (same setup and
// runner, so a run of all projects starts the infrastructure once); `cluster` runs the same kind
// of tests on the real Temporal server (PostgreSQL, 4 history shards, default task-queue
// partitions), started by its own globalSetup.
const transform = {
  // Transpile only: `npm run typecheck` (a CI step, .ci/run) checks the types.
  '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true }, diagnostics: false }],
};

const common = {
  rootDir: __dirname,
  // Tests live under test/; sparing the crawl of .data/, .tools/, dist/ and web/.
  roots: ['<rootDir>/test'],
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/test-env.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A leaked handle (a Temporal worker, a pool) must not hang CI after the results are in.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts', '<rootDir>/test/sedna-sim/**/*.spec.ts'],
    },
    {
      // The real workflows with stand-in activities on Temporal's time-skipping test server
      // (scripts/install-test-server.sh), one server per file (test/support/workflow-test-env.ts).
      ...common,
      displayName: 'workflow',
      testMatch: ['<rootDir>/test/workflows/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      runner: '<rootDir>/test/support/serial-runner.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      runner: '<rootDir>/test/support/serial-runner.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.ts'],
    },
    {
      ...common,
      displayName: 'cluster',
      testMatch: ['<rootDir>/test/cluster/**/*.spec.ts'],
      setupFiles: [...common.setupFiles, '<rootDir>/test/support/cluster-env.ts'],
      globalSetup: '<rootDir>/test/support/cluster-setup.ts',
      globalTeardown: '<rootDir>/test/support/cluster-teardown.ts',
      runner: '<rootDir>/test/support/serial-runner.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.ts'],
    },
  ],
};
