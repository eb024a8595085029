import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.tools/**',
      '.data/**',
      'coverage/**',
      'web/**',
      '*.mjs',
      '*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // One dependency direction (README, "Architecture"): workflows/ → the contract; activities/ →
  // src/ services; src/worker/build-worker.ts, the composition root, assembles both; migrations/
  // and shared/ depend on nothing in src/. Each block names what its files may not import (a
  // later block replaces an earlier one's list for the files it names).
  {
    // The application: never the workflow code (started by name), the activities (built by the
    // composition root only) or the tooling around it.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(activities|workflows|test|scripts|bench|sedna-sim)(/|$)',
              message:
                'src/ imports no activities/ (only src/worker/build-worker.ts, the composition root, does), no workflows/ (start them by name with the contract) and no tooling.',
            },
          ],
        },
      ],
    },
  },
  {
    // The composition root: the one file of src/ that builds the activities.
    files: ['src/worker/build-worker.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(workflows|test|scripts|bench|sedna-sim)(/|$)',
              message:
                'The composition root loads the workflows by path (workflowSource), never by import, and imports no tooling.',
            },
          ],
        },
      ],
    },
  },
  {
    // Activities use src/ services and repositories; the composition root builds them, so they
    // never import it, nor the workflows.
    files: ['activities/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(workflows|src/worker|migrations|test|scripts|bench|sedna-sim)(/|$)',
              message:
                'activities/ imports src/ services, repositories and the contract; not workflows/, src/worker/ (the composition root builds them), migrations/ or tooling.',
            },
          ],
        },
      ],
    },
  },
  {
    // Migrations run against the schema of their day: nothing of src/ (whose entities and
    // constants move on), only TypeORM, other migrations and the shared/ leaves.
    files: ['migrations/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!typeorm$|\\./[^/]+$|\\.\\./shared/[^/]+$)',
              message: 'migrations/ imports only typeorm, other migrations and shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // Leaves shared by src/ and migrations/: they import nothing of the project.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              message: 'shared/ imports nothing of the project (src/ and migrations/ import it).',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code is replayed: no Node built-ins, no I/O, only deterministic code. It imports
    // the SDK, the workflow-safe contract (src/contract/) and its own files, nothing else (README,
    // "Architecture": workflows → contract only).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/(workflow|common)$|\\./[^/]+$|\\.\\./src/contract/[^/]+$)',
              message:
                'workflows/ imports only @temporalio/workflow, @temporalio/common, ../src/contract/ and files of workflows/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The contract is bundled into the workflow code: the SDK's common types only.
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!@temporalio/common$|\\./[^/]+$)',
              message:
                'The contract is workflow code: it imports only @temporalio/common and its own files.',
            },
          ],
        },
      ],
    },
  },
);
