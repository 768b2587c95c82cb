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
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // The officers' console: ES modules loaded by the browser as they are, no build step.
    files: ['apps/ledger-api/console-assets/**/*.js'],
    languageOptions: { sourceType: 'module', globals: globals.browser },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  prettier,
);
