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

export interface CapabilityDeps {
  reference: Reference;
  organisations: Organisations;
  cards: CardRenderer;
  stores: Stores;
  clock: Clock;
  directory: Directory;
  registry: ConversationRegistry;
  profiles: Profiles;
  audit: AuditService;
}
