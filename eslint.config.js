// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const node = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'http',
  'net',
  'url',
  'util',
];
const pattern = (group, message) => ({ group, message });

/** The layer rules of ARCHITECTURE §2: which runtime may import which. */
const boundaries = {
  'src-shared/**': [
    pattern(
      ['electron', 'electron/*', ...node],
      'src-shared is runtime-neutral: no Electron or Node.',
    ),
    pattern(
      ['react', 'react-*', 'dexie', 'dexie-*', 'socket.io', 'socket.io-client', 'zustand'],
      'src-shared is runtime-neutral.',
    ),
    pattern(
      ['**/src-hub/**', '**/src-main/**', '**/src-renderer/**'],
      'src-shared imports no other src-* folder.',
    ),
  ],
  'src-renderer/**': [
    pattern(
      ['electron', 'electron/*', ...node],
      'The renderer runs in a sandboxed page: no Electron or Node.',
    ),
    pattern(
      ['**/src-hub/**', '**/src-main/**'],
      'The renderer talks to main through platform/ and to the hub over the network.',
    ),
    pattern(
      ['**/features/*/*', '!**/features/*/index.ts'],
      'Import a feature through its index.ts.',
    ),
  ],
  'src-renderer/i18n/**': [
    pattern(
      ['**/app/**', '**/features/**', '**/data/**', '**/platform/**', '**/ui/**', '**/offline/**'],
      'i18n is a leaf: every part of the renderer imports it, so it imports none of them.',
    ),
  ],
  'src-hub/**': [
    pattern(['electron', 'electron/*'], 'The hub runs as plain Node too: no Electron.'),
    pattern(
      ['**/src-main/**', '**/src-renderer/**'],
      'The hub never imports the desktop or the renderer.',
    ),
    pattern(
      ['react', 'react-dom', 'dexie', 'zustand', 'socket.io-client'],
      'Client libraries do not belong in the hub.',
    ),
  ],
  'src-main/main/**': [pattern(['**/src-renderer/**'], 'Main never imports the renderer.')],
  'src-main/preload/**': [
    pattern(
      ['zod', 'react', 'dexie', ...node],
      'The sandboxed preload may import only electron and the IPC name table.',
    ),
    pattern(
      ['**/src-hub/**', '**/src-renderer/**', '**/src-main/main/**'],
      'The preload is standalone.',
    ),
  ],
};

/** The patterns of every enclosing folder's entry: `src-renderer/i18n/**` inherits `src-renderer/**`. */
const inherited = (files) =>
  Object.entries(boundaries)
    .filter(([outer]) => outer !== files && files.startsWith(outer.replace(/\*\*$/, '')))
    .flatMap(([, patterns]) => patterns);

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      '.tmp/**',
      'data/**',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Interface implementations are async by contract even when a body has nothing to await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a zod enum or a union of literals.' },
      ],
    },
  },
  ...Object.entries(boundaries).map(([files, patterns]) => ({
    files: [`${files.replace(/\*\*$/, '')}**/*.{ts,tsx}`],
    // A nested folder keeps its parent's rules too: flat config replaces a rule, never merges it.
    rules: { 'no-restricted-imports': ['error', { patterns: [...inherited(files), ...patterns] }] },
  })),
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src-hub/**/*.ts', 'src-main/**/*.ts', 'tests/**/*.ts', '*.config.ts', '*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
