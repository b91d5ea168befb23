// ESLint: typescript-eslint with type information, React hooks, and import rules that keep the layers pointing
// one way (see README: architecture). Prettier formats; eslint-config-prettier switches off what it decides.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The server's feature folders (one layer: they may import each other, without cycles). */
const SERVER_FEATURES = [
  'audit',
  'auth',
  'staff',
  'sessions',
  'venues',
  'attendance',
  'reports',
  'checkins',
  'survey',
  'program',
  'call',
  'phone',
  'letters',
  'captions',
  'cluster',
];
/** The edges the outside world comes in through. */
const SERVER_EDGES = ['./server/src/realtime', './server/src/http'];
/** The composition root: app.ts (the HTTP app), server.ts (start-up), main.ts (the process). */
const SERVER_ROOT_FILES = ['./server/src/admin.ts', './server/src/app.ts', './server/src/server.ts', './server/src/main.ts'];
/** What sits above the edges: the demo seed, the composition of services, the root. */
const SERVER_TOP = ['./server/src/demo', './server/src/composition', ...SERVER_ROOT_FILES];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'migrations/', 'data/', '.cluster/', 'scripts/mediasoup-worker/', 'test-results/', '.tsbuild/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  importX.flatConfigs.recommended,
  importX.flatConfigs.typescript,
  {
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json', noWarnOnMultipleProjects: true })] },
    rules: {
      // Folder-level cycles are checked by tests/unit/architecture.test.ts (cheaper than import-x/no-cycle, and stricter).
      'import-x/no-duplicates': 'error',
      // Types and values from packages are checked by TypeScript; these rules only slow the lint down.
      'import-x/namespace': 'off',
      'import-x/default': 'off',
      'import-x/no-named-as-default-member': 'off',
    },
  },
  {
    // The server's layers, bottom to top: @shared ← core ← db ← features ← realtime, http ← demo ← composition ←
    // app.ts, server.ts, main.ts. tests/unit/architecture.test.ts checks the same layers and folder cycles.
    files: ['server/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './server/src/core',
              from: './server/src',
              except: ['./core'],
              message: 'core/ is the bottom layer: it imports only @shared and packages.',
            },
            {
              target: './server/src/db',
              from: './server/src',
              except: ['./db', './core'],
              message: 'db/ imports only core/ (the demo seed lives in demo/).',
            },
            {
              target: SERVER_FEATURES.map((feature) => `./server/src/${feature}`),
              from: [...SERVER_EDGES, ...SERVER_TOP],
              message: 'A feature imports neither realtime/, http/, demo/, composition/ nor the root: they import it.',
            },
            {
              target: SERVER_EDGES,
              from: SERVER_TOP,
              message: 'realtime/ and http/ import features, never demo/, composition/ or the root.',
            },
            {
              target: './server/src/demo',
              from: SERVER_TOP.filter((path) => path !== './server/src/demo'),
              message: 'demo/ imports features and db/, not the composition root.',
            },
            {
              target: './server/src/composition',
              from: SERVER_ROOT_FILES,
              message: 'composition/ builds the services; app.ts and server.ts use it, not the other way round.',
            },
            { target: './shared', from: ['./server', './client'], message: 'shared/ is used by both sides and imports neither.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // The classic hook rules. The React Compiler's rules (set-state-in-effect, refs, …) stay off: we do not use
    // the compiler, and several of our effects sync state from the call engine on purpose.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
    languageOptions: { globals: globals.browser },
  },
  {
    // The client's layers (README: architecture; tests/unit/clientArchitecture.test.ts checks them and cycles between
    // features): i18n ← lib ← ui ← call (the engine) ← features ← pages ← App/routes/main.
    files: ['client/src/**/*.{ts,tsx}'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: clientLayerZones(['i18n', 'lib', 'ui', 'call', 'features', 'pages', ['App.tsx', 'routes.tsx', 'main.tsx']]),
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Fastify handlers and hooks are async to report errors through their promise, awaiting or not.
      '@typescript-eslint/require-await': 'off',
      // Japanese text uses the ideographic space (U+3000) on purpose.
      'no-irregular-whitespace': ['error', { skipComments: true, skipJSXText: true, skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // Tests compare with asymmetric matchers (expect.any(…)), which are typed `any`.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-member-access': 'off' },
  },
  prettier,
);

/**
 * Each layer of client/src (folders or files, bottom first) may import only the layers below it: one zone per
 * layer forbids everything above.
 */
function clientLayerZones(layers) {
  const paths = (layer) => (Array.isArray(layer) ? layer : [layer]).map((name) => `client/src/${name}`);
  return layers.slice(0, -1).map((layer, i) => ({
    target: paths(layer),
    from: layers.slice(i + 1).flatMap(paths),
    message: `client layers: ${[layers[i]].flat().join(', ')} may import only ${layers.slice(0, i).flat().join(', ') || 'nothing of ours'} (README: architecture)`,
  }));
}
