// k6 scripts are not Node modules: they import k6's built-in modules (k6/http, k6/x/...) and run
// in k6's JavaScript runtime with its globals, so they are linted as plain scripts without types.
// ESLint 10 uses the config nearest to each file, so this one replaces the root config here.
import js from '@eslint/js';

export default [
  js.configs.recommended,
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { __ENV: 'readonly', __VU: 'readonly', __ITER: 'readonly', console: 'readonly', open: 'readonly' },
    },
  },
];
