// A capability is handed only the collections it declares (issue 34.3): the others, and the
// root's health check and shutdown, are not there to reach.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { COLLECTIONS, memoryStore, type Stores } from './collections.js';
import { declared, type CapabilityDeps } from './deps.js';
import { ADMIN_STORES } from './admin/routes.js';
import { ANALYSIS_STORES } from './analyses/routes.js';
import { ANSWER_STORES } from './answers/routes.js';
import { CASE_STORES } from './cases/routes.js';
import { INDICATOR_STORES } from './indicators/routes.js';
import { REMINDER_STORES } from './reminders/service.js';
import { RETENTION_STORES } from './cases/retention.js';
import { REPORTING_STORES } from './reporting/routes.js';
import { STATISTICS_STORES } from './statistics/routes.js';

const deps = { stores: memoryStore() } as unknown as CapabilityDeps;

describe('declared collections', () => {
  it.each([
    ['reporting', REPORTING_STORES],
    ['cases', CASE_STORES],
    ['answers', ANSWER_STORES],
    ['analyses', ANALYSIS_STORES],
    ['reminders', REMINDER_STORES],
    ['retention', RETENTION_STORES],
    ['indicators', INDICATOR_STORES],
    ['statistics', STATISTICS_STORES],
    ['admin', ADMIN_STORES],
  ] as const)('%s sees its own collections, sync, sequence and exclusive, nothing else', (_, collections) => {
    const stores = declared(deps, collections).stores as Record<string, unknown>;
    expect(Object.keys(stores).sort()).toEqual([...collections, 'exclusive', 'sequence', 'sync'].sort());
    for (const name of collections) expect(stores[name]).toBe((deps.stores as Record<string, unknown>)[name]);
    for (const name of Object.keys(COLLECTIONS).filter((n) => !(collections as readonly string[]).includes(n)))
      expect(stores[name]).toBeUndefined();
    expect(stores['close']).toBeUndefined();
    expect(stores['healthy']).toBeUndefined();
  });
});

describe('the store contract a capability sees', () => {
  // Checked by tsc (npm test runs it first): a member added to the core, or a history read handed
  // to a collection that keeps none, fails the build.
  it('is the small core for every collection but the cases, which add the history reads and tallies', () => {
    type Core = 'name' | 'get' | 'all' | 'put' | 'delete' | 'putMany' | 'index' | 'watch';
    type Plain = Exclude<keyof typeof COLLECTIONS, 'cases' | 'indicatorValues'>;
    expectTypeOf<{ [K in Plain]: keyof Stores[K] }[Plain]>().toEqualTypeOf<Core>();
    expectTypeOf<keyof Stores['cases']>().toEqualTypeOf<Core | 'load' | 'find' | 'count' | 'keys' | 'scan' | 'tally' | 'recount'>();
    expect(Object.keys(COLLECTIONS).filter((k) => 'history' in COLLECTIONS[k as keyof typeof COLLECTIONS])).toEqual(['cases']);
  });
});
