// Type-aware lint over everything we ship or run: src/, tests, scripts/ and bench/ (*.js, *.mjs
// too). The TypeScript program comes from tsconfig.json (which includes the JS files with allowJs),
// found by the project service, so there is one program and no per-file default projects.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'coverage/', 'examples/', '.bundle-*/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-control-regex': 'off'
    }
  },
  {
    // Test doubles implement async interfaces (DockerCli.exec, sleep, retried operations) with
    // bodies that need no await; forcing Promise.resolve/reject there hides what they stand for.
    files: ['__tests__/**'],
    rules: { '@typescript-eslint/require-await': 'off' }
  }
)
