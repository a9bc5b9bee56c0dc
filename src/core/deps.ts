// What every capability is built from (wired in src/bot.ts).
import type { CardRenderer } from './cards.js';
import type { Clock } from './clock.js';
import type { Reference } from './refdata.js';
import type { Directory } from './roles.js';
import type { Stores } from '../store/index.js';
import type { ConversationRegistry } from '../conversations/registry.js';

export interface CapabilityDeps {
  reference: Reference;
  cards: CardRenderer;
  stores: Stores;
  clock: Clock;
  directory: Directory;
  registry: ConversationRegistry;
}
