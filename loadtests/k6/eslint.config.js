// k6 scripts are not Node modules: they import k6's built-in modules (k6/http, k6/x/...) and run
// in k6's JavaScript runtime with its globals, so they are linted as plain scripts without types.
// The TypeScript here (the promise script generator, the k6 build and the suite runner) is Node
// code: the root config's rules, as for scripts/. ESLint 10 uses the config nearest to each file,
// so this one replaces the root config here.
import js from '@eslint/js';
import root from '../../eslint.config.js';

const TYPESCRIPT = ['**/*.ts'];

export default [
  // The root config's entries for every file apply here to TypeScript only; its entries for named
  // folders (bin/, test/, ...) name nothing here.
  ...root
    .filter((entry) => entry.files === undefined)
    .map((entry) => (entry.ignores !== undefined && Object.keys(entry).length === 1 ? entry : { ...entry, files: TYPESCRIPT })),
  ...root.filter((entry) => entry.files !== undefined && entry.files.every((pattern) => pattern.startsWith('**/*.'))),
  { files: TYPESCRIPT, rules: { 'no-console': 'off' } },
  { ...js.configs.recommended, files: ['**/*.js'] },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly', console: 'readonly', open: 'readonly' },
    },
  },
];
