import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CASE_INDEXES, CASES } from './collections.js';

/** The key functions' text without its whitespace: a formatter's run does not count as a change. */
const digest = (indexes: Record<string, unknown>) =>
  createHash('sha256')
    .update(
      Object.entries(indexes)
        .map(([name, keysOf]) => `${name}:${String(keysOf).replace(/\s+/g, '')}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16);

describe('the case indexes on disk', () => {
  // The embedded store trusts its summaries of old months while the version stays the same. A
  // deliberate change to a key function: raise CASE_INDEXES_VERSION, then write the new digest here.
  it('have the key functions of the version stores summarised with', () => {
    expect({ version: CASES.history?.version, digest: digest(CASE_INDEXES) }).toEqual({ version: 2, digest: '1b3a179cffb4106d' });
  });
});
