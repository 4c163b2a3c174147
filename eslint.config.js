// Lint gates from STYLE.md §13, plus the layering rule from ARCHITECTURE.md: a lower
// package never imports a higher one, and packages meet only at their public entry.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const INTERNAL = ['@pinbridge/sip-core', '@pinbridge/dtmf', '@pinbridge/rtp-mixer', '@pinbridge/bridge'];
const DEEP_IMPORTS = { group: ['@pinbridge/*/*', '**/packages/*/src/**', '../../*/src/**'], message: 'Import another package only through its public entry point.' };

/** Forbid every internal package except those this layer may import. */
function layer(files, allowed) {
  const forbidden = INTERNAL.filter((name) => !allowed.includes(name));
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbidden.map((name) => ({ name, message: 'Layering (ARCHITECTURE.md): this package may not import ' + name + '.' })),
        patterns: [DEEP_IMPORTS],
      }],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.d.ts', 'benchmarks/results/**', '.tap/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-warning-comments': ['error', { terms: ['todo(?! \\(#\\d+\\))', 'fixme(?! \\(#\\d+\\))'], location: 'start' }],
    },
  },
  { files: ['**/*.test.ts', 'benchmarks/**', '**/examples/**', 'scripts/**'], rules: { 'no-console': 'off' } },
  // tap collects top-level `t.test(...)` promises itself; awaiting each would serialize nothing useful.
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-floating-promises': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  layer(['packages/sip-core/**'], []),
  layer(['packages/dtmf/**'], []),
  layer(['packages/rtp-mixer/**'], ['@pinbridge/dtmf']),
  layer(['packages/bridge/**'], ['@pinbridge/sip-core', '@pinbridge/dtmf', '@pinbridge/rtp-mixer']),
  layer(['benchmarks/**'], INTERNAL),
);
