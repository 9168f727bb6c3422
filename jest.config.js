/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Type checking is done once by `tsc` in `npm test`; jest only transpiles
  // (tsconfig's isolatedModules makes ts-jest skip the type check).
  transform: { '^.+\\.ts$': 'ts-jest' },
};
