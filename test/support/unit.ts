// For unit tests of handlers beside their files: the real reference data and card templates,
// the collections in memory, a clock the test sets, and turns built as the edge builds them.
import { AuditService } from '../../src/core/audit.js';
import { CardRenderer } from '../../src/core/cards.js';
import { ManualClock } from '../../src/core/clock.js';
import type { CapabilityDeps } from '../../src/deps.js';
import type { Locale } from '../../src/core/i18n/index.js';
import { Organisations } from '../../src/core/organisations.js';
import { loadReference, type Reference } from '../../src/core/refdata.js';
import { Directory, providerGroups, type Role, type RolesFile } from '../../src/core/roles.js';
import type { ConversationKind, Turn } from '../../src/core/turn.js';
import { memoryStore } from '../../src/collections.js';
import { ConversationRegistry } from '../../src/conversations/registry.js';
import { Profiles } from '../../src/conversations/profiles.js';
import { VERBS } from '../../src/verbs.js';

/** The instant unit tests start at unless they say otherwise (a Monday, winter time). */
const UNIT_NOW = new Date('2026-11-30T09:00:00Z');

let reference: Promise<Reference> | undefined;
let cards: Promise<CardRenderer> | undefined;

export interface UnitDeps extends CapabilityDeps {
  clock: ManualClock;
}

export async function unitDeps(roles: RolesFile['users'] = {}, now = UNIT_NOW): Promise<UnitDeps> {
  const [ref, renderer] = await Promise.all([
    (reference ??= loadReference('data/reference')),
    (cards ??= CardRenderer.load('cards', VERBS)),
  ]);
  const stores = memoryStore();
  const profiles = new Profiles(stores.profiles);
  return {
    reference: ref,
    organisations: new Organisations(ref),
    cards: renderer,
    stores,
    clock: new ManualClock(now),
    directory: new Directory({ users: roles }, stores.grants, ref.register.derived(providerGroups)),
    registry: new ConversationRegistry(stores.conversations, profiles),
    profiles,
    audit: new AuditService(stores.audit),
  };
}

export interface TurnOptions {
  userId?: string;
  name?: string;
  roles?: Role[];
  providers?: string[];
  kind?: ConversationKind;
  key?: string;
  locale?: Locale;
  args?: string;
  data?: unknown;
}

/** A turn as the edge builds it, for the user and place given. */
export function turnOf(deps: Pick<UnitDeps, 'clock'>, o: TurnOptions = {}): Turn {
  const userId = o.userId ?? 'u1';
  const kind = o.kind ?? 'personal';
  return {
    activityId: 'act-1',
    actor: { userId, name: o.name ?? 'Användare', roles: ['medarbetare', ...(o.roles ?? [])], providers: o.providers ?? [] },
    place: { key: o.key ?? (kind === 'personal' ? `user:${userId}` : 'channel:19:x@thread.tacv2'), kind },
    locale: o.locale ?? 'sv',
    now: deps.clock.now(),
    text: '',
    args: o.args ?? '',
    data: o.data ?? {},
  };
}

/** The text of an answer's reply, or its card as JSON (to look for what it shows). */
export function shown(answer: { reply?: { message: { text?: string; card?: unknown } } }): string {
  const m = answer.reply?.message;
  return m?.text ?? JSON.stringify(m?.card ?? '');
}
