// ESLint flat config: TypeScript everywhere, Svelte in the renderer, and the architecture
// rule that keeps Electron out of the plain-Node layers.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

/**
 * Layers that must run without Electron: the core, the CLI and everything the CLI loads (the
 * web bridge of `eks-sso ui` and `eks-sso demo`, the contract, the launcher in bin/), and the
 * sandbox.
 */
export const ELECTRON_FREE_LAYERS = ['main/core/**', 'main/cli/**', 'main/web/**', 'main/contract.ts', 'bin/**', 'sandbox/**'];

const plainNode = 'This layer is plain Node (the CLI loads it without Electron)';

export const noElectronRule = {
  'no-restricted-imports': [
    'error',
    {
      paths: [
        {
          name: 'electron',
          message: `${plainNode}: take the side effect as a parameter instead of importing electron.`,
        },
      ],
      patterns: [{ group: ['electron/*'], message: `${plainNode}.` }],
    },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "CallExpression[callee.name='require'][arguments.0.value=/^electron(\\/|$)/]",
      message: `${plainNode}: do not require electron.`,
    },
    {
      selector: "ImportExpression[source.value=/^electron(\\/|$)/]",
      message: `${plainNode}: do not import electron.`,
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // CommonJS on purpose (bin/eks-sso.cjs starts `eks-sso status` without the ES module loader).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ELECTRON_FREE_LAYERS, rules: noElectronRule },
);
