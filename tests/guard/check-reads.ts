import { existsSync, readFileSync, statSync } from 'node:fs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { OUTSIDE_READS_LOG } = require('./repository-only') as { OUTSIDE_READS_LOG: string };

/*
 * Fails the test file during which any process of the suite read outside the repository (see
 * repository-only.js): a read that the code under test caught and handled still counts.
 */
// Measured before the test file is loaded: its imports may read too.
const logSizeBefore = existsSync(OUTSIDE_READS_LOG) ? statSync(OUTSIDE_READS_LOG).size : 0;

afterAll(() => {
  if (!existsSync(OUTSIDE_READS_LOG)) return;
  const added = readFileSync(OUTSIDE_READS_LOG, 'utf8').slice(logSizeBefore).trim();
  if (added !== '') {
    throw new Error(`reads outside the repository (tests must not depend on them):\n${added}`);
  }
});
