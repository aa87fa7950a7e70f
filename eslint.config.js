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
    // Plain JavaScript (scripts/, bench/) has no type annotations, so values from JSON, dynamic
    // imports and untyped parameters are `any` throughout; the unsafe-any rules would only ask
    // for JSDoc casts there. The other type-aware rules (floating promises, misused promises,
    // base-to-string, ...) still apply to these files.
    files: ['**/*.js', '**/*.mjs'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off'
    }
  },
  {
    // Test doubles implement async interfaces (DockerCli.exec, sleep, retried operations) with
    // bodies that need no await; forcing Promise.resolve/reject there hides what they stand for.
    files: ['__tests__/**'],
    rules: { '@typescript-eslint/require-await': 'off' }
  }
)
