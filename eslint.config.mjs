// Lint rules that keep each layer to what it may touch (docs/ARCHITECTURE.md, Rooms).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'os',
  'child_process',
  'net',
  'http',
  'https',
  'stream',
  'url',
  'util',
  'events',
  'buffer',
  'zlib',
  'tls',
  'dns',
  'worker_threads',
];
const serverOnly = [
  'better-sqlite3',
  '@napi-rs/keyring',
  'twilio',
  'resend',
  '@anthropic-ai/sdk',
  '@deepgram/sdk',
  '@cartesia/cartesia-js',
  'ws',
  'csv-parse',
  'aws4fetch',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['electron/core/**', 'shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core and shared never import electron' }] }],
    },
  },
  {
    files: ['shared/**', 'renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...serverOnly].map((name) => ({
            name,
            message: 'renderer and shared stay free of node, SQLite, SDKs and electron',
          })),
          patterns: [
            { group: nodeBuiltins, message: 'renderer and shared never import node built-ins' },
            { group: ['**/electron/**'], message: 'renderer and shared never import the main process' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, 'react-hooks/set-state-in-effect': 'off' },
  },
  {
    files: ['renderer/src/**'],
    ignores: ['renderer/src/lib/api.ts', 'renderer/src/stores/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'switchboard', message: 'only stores (through lib/api.ts) call window.switchboard' },
      ],
      // Components reach the main process through stores only; they may still name the API's types.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)lib/api(\\.ts)?$|^\\./api(\\.ts)?$',
              allowTypeImports: true,
              message: 'only stores import values from lib/api.ts; elsewhere use a store (type-only imports are fine)',
            },
          ],
        },
      ],
    },
  },
);
