// The port between Teams and the capabilities: what a capability sees of a turn, what it
// answers, and the routes it offers. Only src/teams/ translates activities to and from these
// types, so a move to the Microsoft 365 Agents SDK touches that folder alone.
import type { Actor, Role } from './roles.js';
import type { Locale } from './i18n/index.js';
import type { MessageKey } from './i18n/index.js';

/** An Adaptive Card as plain JSON (always rendered from a template in cards/). */
export type Card = { type: 'AdaptiveCard'; version: string; [key: string]: unknown };

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

/** Where a turn happens; `key` identifies the stored conversation reference. */
export interface Place {
  key: string;
  kind: ConversationKind;
  tenantId?: string;
  teamId?: string;
  channelId?: string;
}

export interface Turn {
  activityId: string;
  actor: Actor;
  place: Place;
  locale: Locale;
  now: Date;
  /** Message text, mention removed and trimmed; empty for card actions. */
  text: string;
  /** Arguments after the matched command word(s). */
  args: string;
  /** Card action data (already stripped of the verb); parse it with zod before use. */
  data: unknown;
}

export interface OutgoingMessage {
  card?: Card;
  /** Shown literally: user text in it never becomes a link or formatting. */
  text?: string;
  /** A file offered through Teams' consent flow (only in a personal chat). */
  file?: FileOffer;
}

/**
 * What becomes of the card an action came from, named as the Agents SDK names it. The edge maps
 * it to an invoke response (Action.Execute) or an update of the posted card (Action.Submit):
 * - replaceForInteractor: the one who acted sees the new card (forms, lists, refusals);
 * - replaceForAll: the posted card changes for everyone (a change to shared state);
 * - newMessage: the card stays; the answer comes as a new message.
 * An answer to a typed command is always a new message.
 */
export type ReplyPolicy = 'replaceForInteractor' | 'replaceForAll' | 'newMessage';

interface Reply {
  policy: ReplyPolicy;
  message: OutgoingMessage;
}

/** A file the user receives through Teams' file consent flow in their personal chat. */
export interface FileOffer {
  /** The file route that produces it when the user accepts (run again, for that user). */
  file: string;
  args: Record<string, string>;
  name: string;
  description: string;
  sizeInBytes: number;
}

export interface Answer {
  reply?: Reply;
  /** More new messages in the current conversation, after the reply. */
  send?: OutgoingMessage[];
  /** Proactive messages to other conversations, sent after the turn. */
  notify?: Notification[];
  /** Files offered to the actor (a consent card in their personal chat). */
  files?: FileOffer[];
}

export type Handler = (turn: Turn) => Promise<Answer>;

/** Kinds of conversation a route works in; 'team' is a channel or a group chat. */
type Where = 'personal' | 'team' | 'any';

/**
 * The outcome of a route's scope check on the thing a card action names: no such thing (or a
 * malformed id), or the thing that exists (its id, which the audit trail may then name) and
 * whether it is inside the actor's scope. Outside and unknown sound the same to the user.
 */
export type ScopeCheck<R = unknown> = 'unknown' | { subject: string; inScope: boolean; record?: R };

/** A scope that loads the thing it checks: the record goes to the handler, so nothing loads it twice. */
export type RecordScope<R> = (turn: Turn) => Promise<'unknown' | { subject: string; inScope: boolean; record: R }>;

/** A card action's handler on a scoped thing: the record its route's scope loaded, typed. */
export type RecordHandler<R> = (turn: Turn, record: R) => Promise<Answer>;

/**
 * What the edge checks before a handler runs, the same way for every route; a refusal by role
 * or scope is audited once (who, what, when), never with the input.
 */
export interface Guard {
  /** The actor must hold one of these roles (absent: everyone). */
  requires?: readonly Role[];
  /** Absent: any conversation. */
  where?: Where;
  /** For card actions on a case (or another scoped thing): is it the actor's to act on? */
  scope?: (turn: Turn) => ScopeCheck | Promise<ScopeCheck>;
  /** The message for a missing role, when the route says it better than the general one. */
  denied?: MessageKey;
}

/** A text command: the text starts with one of the words; the rest is `args`. */
export interface CommandRoute extends Guard {
  kind: 'command';
  name: string;
  /** Leading words, e.g. ['ny avvikelse', 'rapportera', 'new deviation']. */
  words: readonly string[];
  handler: Handler;
  /** How the help card lists it, for users whose roles and conversation pass its guards: every command has one, so help cannot leave a command out. */
  help: { command: MessageKey; description: MessageKey };
  /** Characters its arguments may have (default MAX_ARGS), checked before any parsing. */
  maxArgs?: number;
}

/** What a command's arguments may hold unless its route says more: a name, a period, a role. */
export const MAX_ARGS = 500;

/** A card action verb, from Action.Execute (invoke) or Action.Submit (data.verb). */
export interface VerbRoute extends Guard {
  kind: 'verb';
  verb: string;
  /** Gets what the route's scope loaded (see onRecord); a plain handler ignores it. */
  handler: (turn: Turn, record: never) => Promise<Answer>;
}

/**
 * A verb route on a scoped thing: the scope loads and checks it, the handler receives it. The
 * types tie the two together, so a handler never loads the record again nor asserts it exists.
 */
export function onRecord<R>(
  route: Omit<VerbRoute, 'kind' | 'scope' | 'handler'> & { scope: RecordScope<R>; handler: RecordHandler<R> },
): VerbRoute {
  return { kind: 'verb', ...route };
}

export interface ProducedFile {
  name: string;
  type: string;
  body: string;
}

/** Produces a file the user accepted; runs for the accepting user, guards and all. */
export interface FileRoute extends Guard {
  kind: 'file';
  file: string;
  produce: (turn: Turn, args: Record<string, string>) => Promise<ProducedFile | undefined>;
}

export type Route = CommandRoute | VerbRoute | FileRoute;

/** What each capability exposes to the edge. */
export interface Capability {
  name: string;
  routes: Route[];
}

/** Where a notification goes: a user's personal chat, or a stored conversation. */
export type Recipient = { kind: 'user'; userId: string } | { kind: 'conversation'; key: string };

export interface Notification {
  to: Recipient;
  message: OutgoingMessage;
  /** Used when the recipient cannot be reached (no or stale reference). */
  fallback?: Recipient;
}

export type DeliveryResult = 'sent' | 'fallback' | 'unreachable' | 'failed';

/** Sends proactive messages (implemented by the edge through stored references). */
export interface Notifier {
  deliver(n: Notification): Promise<DeliveryResult>;
}

/** A refusal a rule returns as a value; `field` places the message next to its input. */
export interface Refusal {
  ok: false;
  reason: MessageKey;
  vars?: Record<string, string>;
  field?: string;
}
