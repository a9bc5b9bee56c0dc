// What every capability is built from (wired in src/bot.ts).
import type { AuditService } from './core/audit.js';
import type { CardRenderer } from './core/cards.js';
import type { Clock } from './core/clock.js';
import type { Organisations } from './core/organisations.js';
import type { Reference } from './core/refdata.js';
import type { Directory } from './core/roles.js';
import type { Stores } from './collections.js';
import type { ConversationRegistry } from './conversations/registry.js';
import type { Profiles } from './conversations/profiles.js';
import type { StoreControl } from './store/index.js';

/** A collection a capability may declare. */
export type Collection = Exclude<keyof Stores, keyof StoreControl>;
/** What every capability may ask of the store beside its collections (health and closing are the root's). */
type Shared = 'sync' | 'sequence' | 'exclusive';

/**
 * A capability's dependencies. `stores` holds the collections it declared (K) and no other: the
 * root hands each capability only those (`declared`), so reaching another's is a type error and
 * at run time not there.
 */
export interface CapabilityDeps<K extends Collection = Collection> {
  reference: Reference;
  organisations: Organisations;
  cards: CardRenderer;
  stores: Pick<Stores, K | Shared>;
  clock: Clock;
  directory: Directory;
  registry: ConversationRegistry;
  profiles: Profiles;
  audit: AuditService;
}

/** The deps with only the collections a capability declares. */
export function declared<K extends Collection>(deps: CapabilityDeps, collections: readonly K[]): CapabilityDeps<K> {
  const keys = [...collections, 'sync', 'sequence', 'exclusive'] as const;
  return { ...deps, stores: Object.fromEntries(keys.map((k) => [k, deps.stores[k]])) as Pick<Stores, K | Shared> };
}
