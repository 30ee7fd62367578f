/**
 * The project's own tests (`npm test`). Conformance runs do not start jest: jest-junit writes their JUnit (src/report/junit.ts).
 * Loaded through ts-node, transpile only (Node 20 cannot strip types itself; tsc type-checks separately).
 * @jest-config-loader ts-node
 * @jest-config-loader-options {"transpileOnly": true}
 */
import type { Config } from 'jest';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/support/setup-env.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  testTimeout: 60_000,
  reporters: [
    'default',
    ['jest-junit', { outputDirectory: '<rootDir>/reports/self-test', outputName: 'junit.xml', suiteNameTemplate: '{filepath}', classNameTemplate: '{classname}', titleTemplate: '{title}', ancestorSeparator: ' › ' }],
  ],
};
export default config;
