// Every collection the bot persists, as the capabilities that own them declare them; the store
// opens these and knows nothing else of the domain.
import { AuditEntry } from './core/audit.js';
import { RoleGrant } from './core/roles.js';
import { Membership } from './core/groups.js';
import { REGISTER } from './admin/model.js';
import { CASES, LIGHTS } from './cases/collections.js';
import { ANSWERS } from './answers/model.js';
import { LESSONS } from './answers/lessons.js';
import { ANALYSES } from './analyses/model.js';
import { CONVERSATIONS } from './conversations/registry.js';
import { PROFILES } from './conversations/profiles.js';
import { REMINDERS } from './reminders/collections.js';
import { FOLLOWS, INDICATOR_VALUES, TARGETS } from './indicators/collections.js';
import { memoryStores, type StoresOf } from './store/index.js';
import type { CollectionSpec } from './store/contract.js';
import { openLowdb } from './store/lowdb/index.js';
import type { Config } from './config.js';
import type { Logger } from 'pino';

// Core's own records, declared here: core imports no store (ARCHITECTURE: the root wires them).
const AUDIT: CollectionSpec<AuditEntry> = { name: 'audit', schema: AuditEntry, partition: (a) => a.at.slice(0, 7) };
const GRANTS: CollectionSpec<RoleGrant> = { name: 'grants', schema: RoleGrant, partition: () => 'all' };
const MEMBERSHIPS: CollectionSpec<Membership> = { name: 'memberships', schema: Membership, partition: () => 'all' };

export const COLLECTIONS = {
  cases: CASES,
  answers: ANSWERS,
  lessons: LESSONS,
  analyses: ANALYSES,
  lights: LIGHTS,
  conversations: CONVERSATIONS,
  profiles: PROFILES,
  grants: GRANTS,
  memberships: MEMBERSHIPS,
  register: REGISTER,
  audit: AUDIT,
  reminders: REMINDERS,
  indicatorValues: INDICATOR_VALUES,
  follows: FOLLOWS,
  indicatorTargets: TARGETS,
};

export type Stores = StoresOf<typeof COLLECTIONS>;

/**
 * The case tallies that join a case's answer (answers/statistics.ts) count the case again when its
 * answer changes: a write here, or on PostgreSQL another instance's. Every opener below does this.
 */
export function joined<S extends Pick<Stores, 'cases' | 'answers'>>(stores: S): S {
  stores.answers.watch((id) => stores.cases.recount(id));
  return stores;
}

/**
 * Opens the embedded store under dataDir (one process at a time). `now` places the months held
 * in memory (the bot's clock: a fake one in tests and demos).
 */
export const openStore = async (dataDir: string, now?: Date): Promise<Stores> => joined(await openLowdb(dataDir, COLLECTIONS, now));

/** The store the configuration names: lowdb under DATA_DIR, or PostgreSQL at DATABASE_URL. */
export async function openConfiguredStore(config: Config, log: Logger, now?: Date): Promise<Stores> {
  if (config.STORE === 'lowdb') return openStore(config.DATA_DIR, now);
  // Imported here only: an embedded-store start never uses the driver, and importing it costs
  // start-up time and memory (bench/RESULTS.md).
  const { openPostgres } = await import('./store/postgres/index.js');
  return joined(
    await openPostgres(
      {
        url: config.DATABASE_URL!,
        poolMax: config.PG_POOL_MAX,
        idleTimeoutMs: config.PG_IDLE_TIMEOUT_MS,
        connectTimeoutMs: config.PG_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS,
        instance: config.INSTANCE_ID,
        startWaitMs: config.PG_START_WAIT_SECONDS * 1000,
      },
      COLLECTIONS,
      log,
    ),
  );
}

/** The same collections in memory, for unit tests of capabilities. */
export const memoryStore = (): Stores => joined(memoryStores(COLLECTIONS));
