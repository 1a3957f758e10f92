import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The floors of src/ (docs/architecture.md): each folder imports only from the floors below
 * it, and only src/graph/ talks to Neo4j's driver. A floor's rule names the folders it must
 * not import; `npm test` checks that each rule fails on a deliberate violation.
 */
const NEO4J_DRIVER = { name: 'neo4j-driver', message: 'Only src/graph/ talks to neo4j-driver.' };
const FLOORS = [
  // The ground floor: configuration, errors and the logger import nothing of src/.
  { files: ['src/config.ts', 'src/errors.ts', 'src/logger.ts'], above: ['./*', '../*'] },
  {
    files: ['src/ontology/**'],
    above: ['graph', 'ingest', 'neo4j', 'generate', 'domain', 'resolvers', 'server'],
  },
  {
    files: ['src/graph/**'],
    above: ['ingest', 'neo4j', 'generate', 'domain', 'resolvers', 'server'],
    driver: true,
  },
  {
    files: ['src/neo4j/**', 'src/ingest/**', 'src/generate/**'],
    above: ['domain', 'resolvers', 'server'],
  },
  { files: ['src/domain/**'], above: ['ingest', 'neo4j', 'generate', 'resolvers', 'server'] },
  { files: ['src/resolvers/**'], above: ['ingest', 'neo4j', 'generate', 'server'] },
  { files: ['src/server/**', 'src/cli.ts'], above: [] },
];

function floors() {
  return FLOORS.map(({ files, above, driver }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: driver ? [] : [NEO4J_DRIVER],
          patterns: above.length
            ? [
                {
                  group: above.map((floor) => (floor.includes('*') ? floor : `../${floor}/*`)),
                  message: 'A floor imports only from the floors below it (docs/architecture.md).',
                },
              ]
            : [],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['dist-bench/', 'dist/', 'coverage/', 'node_modules/', '.neo4j/', 'test-results/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExportDefaultDeclaration',
          message: 'Use named exports (house style).',
        },
      ],
    },
  },
  ...floors(),
  {
    // Jest requires default exports from its global setup and teardown.
    files: ['tests/integration/global-*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: { window: 'readonly', document: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['bin/**/*.js', 'jest.config.js', 'tests/guard/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        globalThis: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
