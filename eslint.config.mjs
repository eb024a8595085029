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
