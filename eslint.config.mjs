import grafanaConfig from '@grafana/eslint-config';

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'test-results/**',
      'bench/results.json',
      '**/*.d.ts',
    ],
  },
  ...grafanaConfig.map((config) => ({ ...config, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'react/prop-types': 'off',
      'react/react-in-jsx-scope': 'off',
    },
  },
  {
    // The core is pure domain code: no React, no Grafana, no browser.
    files: ['core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-*', 'react/*'], message: 'core/ knows nothing of React' },
            { group: ['@grafana/*'], message: 'core/ knows nothing of Grafana' },
          ],
        },
      ],
    },
  },
];
