// Every collection the bot persists, as the capabilities that own them declare them; the store
// opens these and knows nothing else of the domain.
import { AUDIT_COLLECTION } from './core/audit.js';
import { GRANTS } from './core/roles.js';
import { CASES, LIGHTS } from './cases/collections.js';
import { ANSWERS } from './answers/model.js';
import { CONVERSATIONS } from './conversations/registry.js';
import { PROFILES } from './conversations/profiles.js';
import { REMINDERS } from './reminders/collections.js';
import { FOLLOWS, INDICATOR_VALUES, TARGETS } from './indicators/collections.js';
import { memoryStores, type StoresOf } from './store/index.js';
import { openLowdb } from './store/lowdb/index.js';

const COLLECTIONS = {
  cases: CASES,
  answers: ANSWERS,
  lights: LIGHTS,
  conversations: CONVERSATIONS,
  profiles: PROFILES,
  grants: GRANTS,
  audit: AUDIT_COLLECTION,
  reminders: REMINDERS,
  indicatorValues: INDICATOR_VALUES,
  follows: FOLLOWS,
  indicatorTargets: TARGETS,
};

export type Stores = StoresOf<typeof COLLECTIONS>;

/** Opens the embedded store under dataDir (one process at a time). */
export const openStore = (dataDir: string): Promise<Stores> => openLowdb(dataDir, COLLECTIONS);

/** The same collections in memory, for unit tests of capabilities. */
export const memoryStore = (): Stores => memoryStores(COLLECTIONS);
