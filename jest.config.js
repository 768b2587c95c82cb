// One config for every suite; file names say what a test needs (see README, "Tests").
const swcrc = require('./.swcrc.json');
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleNameMapper: {
    '^@ledger/([a-z-]+)$': '<rootDir>/libs/$1/src',
    '^@ledger/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  testTimeout: 60000,
};
