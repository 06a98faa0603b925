// Type-aware lint: a promise nobody awaits is an error (a lost Slack post or a half-done claim).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'src/db/generated/', 'node_modules/', 'coverage/', 'data/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.cjs', 'bin/*.js', 'scripts/*.mjs', 'bench/support/*.mjs', 'test/support/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Read time from the injected Clock (src/clock.ts), not Date.now().',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read time from the injected Clock (src/clock.ts), not new Date().',
        },
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only bin/paceline.js reads process.env; pass parsed Env down instead.',
        },
      ],
    },
  },
  {
    // Tests sign requests with the real clock (Bolt checks signatures against it) and read
    // DATABASE_URL to find the PostgreSQL server; `any` is allowed for hand-edited YAML documents.
    files: ['test/**/*.ts', 'test/**/*.mjs', 'bench/**', 'scripts/**', 'prisma.config.ts', 'bin/**'],
    rules: {
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'readonly' } },
  },
  {
    files: ['src/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
