// ESLint's recommended rules and typescript-eslint's (the syntactic preset: the type-checked one
// costs a full program build per run, too slow on CI's two cores), with eslint-config-prettier last
// so no stylistic rule fights Prettier, which owns the layout (.prettierrc.json).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'bench-results/', '.cache/', 'data/', 'docs/openapi.json'],
  },
  {
    // A disable comment that no longer silences anything fails the run, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      // A leading underscore is this codebase's mark for "deliberately unused": fields dropped by
      // rest destructuring (`{ secret: _secret, ...shown }`), tuple slots skipped, and parameters
      // whose position matters (Express knows an error handler by its four arguments).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Functions handed to the page by playwright run in Chromium, while the project compiles
    // without the DOM library (tsconfig.json lib), so their DOM values cannot be typed here.
    files: ['test/browser/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The officers' console: ES modules loaded by the browser as they are, no build step.
    files: ['libs/http/console-assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    // Jest loads its configuration with require(), as the CommonJS project it is.
    files: ['jest.config.js', 'test/support/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
