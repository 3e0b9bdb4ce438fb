import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      '.output',
      '.wxt',
      '.data',
      'demo',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-undef': 'off',
    },
  },
  {
    // server/ is the server alone: browsers are driven from scripts/ and test/, and tests extend
    // the server through createServer's options, never the other way round.
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@playwright/*', 'playwright', 'playwright-core', 'puppeteer', 'puppeteer-*'],
              message:
                'server/ must not import a browser driver; that belongs in scripts/ or test/.',
            },
            {
              group: ['**/scripts/**', '**/test/**'],
              message: 'server/ must not depend on scripts/ or tests.',
            },
          ],
        },
      ],
    },
  },
);
