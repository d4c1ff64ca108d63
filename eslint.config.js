// typescript-eslint's recommended type-checked rules over everything tsc checks.
// Rules that fight the codebase's deliberate patterns are tuned below, each with why.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'drizzle/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are tsc's job (noUnusedLocals/noUnusedParameters); `_`-prefixed ones are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Template literals with numbers are how messages and SQL fragments are built here.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // Ports are Promise-returning contracts; in-memory implementations (the terminal's chat port,
      // test chats and executors) stay `async` without awaiting so that a throw is a rejection, as
      // callers expect. A forgotten await is no-floating-promises' job, which stays on.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  // .dependency-cruiser.cjs is CommonJS: `module` and `require` are its globals.
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
);
