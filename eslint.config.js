// Lint: typescript-eslint strict rules plus the one-way layering of ARCHITECTURE.md §1.
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The layers, lowest first. A file in a layer may import the internal packages listed
 * for it and nothing else from @chasqui/*: the build fails when a layer imports upward.
 */
const layers = [
  { files: ['packages/core/**'], allow: [] },
  { files: ['packages/store/**'], allow: ['core'] },
  { files: ['packages/services/directory/**'], allow: ['core', 'store'] },
  { files: ['packages/services/mail/**'], allow: ['core', 'store', 'directory'] },
  { files: ['packages/services/delivery/**'], allow: ['core', 'store', 'directory', 'mail'] },
  { files: ['packages/protocols/net/**'], allow: ['core'] },
  { files: ['packages/protocols/smtp/**'], allow: ['core', 'net', 'directory', 'mail', 'delivery'] },
  { files: ['packages/protocols/imap/**'], allow: ['core', 'net', 'directory', 'mail'] },
  { files: ['packages/protocols/pop3/**'], allow: ['core', 'net', 'directory', 'mail'] },
  { files: ['packages/protocols/http/**'], allow: ['core', 'net', 'directory', 'mail', 'delivery'] },
  { files: ['packages/protocols/jmap/**'], allow: ['core', 'net', 'directory', 'mail', 'delivery'] },
  { files: ['packages/testkit/**'], allow: ['core', 'store', 'directory', 'mail'] },
];
const internal = [
  'core',
  'store',
  'testkit',
  'directory',
  'mail',
  'delivery',
  'net',
  'smtp',
  'imap',
  'pop3',
  'http',
  'jmap',
  'server',
];

function layerRule({ files, allow }) {
  const forbidden = internal.filter((name) => !allow.includes(name) && !files[0].includes(`/${name}/`));
  return {
    files: files.map((f) => `${f}/src/**/*.ts`.replace('/**/src', '/src')),
    ignores: ['**/*.test.ts', '**/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: forbidden
                .map((name) => `@chasqui/${name}`)
                .concat(forbidden.map((n) => `@chasqui/${n}/*`)),
              message: 'This import points upward or sideways across layers (see shared/ARCHITECTURE.md §1).',
            },
            { group: ['../../*/src/*', '../../../*/src/*'], message: 'Import another package by its name.' },
            {
              group: ['**/store/src/sqlite/*', '**/store/src/postgres/*'],
              message: 'Use the store interfaces.',
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'data/**', 'test-artifacts/**', '.bench-results/**', 'apps/webmail/**'] },
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      // Tests probe values the types already promise, on purpose.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  ...layers.map(layerRule),
);
