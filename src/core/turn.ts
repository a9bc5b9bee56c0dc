// The port between Teams and the capabilities: what a capability sees of a turn and what it
// answers. Only src/teams/ translates activities to and from these types, so a move to the
// Microsoft 365 Agents SDK touches that folder alone.
import type { Actor } from './roles.js';
import type { Locale } from './i18n/index.js';

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
  /** True when the action came as Action.Execute (the card can be replaced in place). */
  universal: boolean;
}

export interface OutgoingMessage {
  card?: Card;
  text?: string;
}

/** Where a notification goes: a user's personal chat, or a stored conversation. */
export type Recipient = { kind: 'user'; userId: string } | { kind: 'conversation'; key: string };

export interface Notification {
  to: Recipient;
  message: OutgoingMessage;
  /** Used when the recipient cannot be reached (no or stale reference). */
  fallback?: Recipient;
}

export interface Answer {
  /** New messages in the current conversation. */
  send?: OutgoingMessage[];
  /** Replaces the card the action came from (Universal Actions or an explicit update). */
  replaceCard?: Card;
  /** Proactive messages to other conversations, sent after the turn. */
  notify?: Notification[];
}

export type Handler = (turn: Turn) => Promise<Answer>;

/** A text command: any of the patterns (matched against the whole text, case-insensitive). */
export interface CommandRoute {
  kind: 'command';
  name: string;
  /** Leading words, e.g. ['ny avvikelse', 'rapportera', 'new deviation']; the rest is `args`. */
  words: string[];
  handler: Handler;
}

/** A card action verb, from Action.Execute (invoke) or Action.Submit (data.verb). */
export interface VerbRoute {
  kind: 'verb';
  verb: string;
  handler: Handler;
}

export type Route = CommandRoute | VerbRoute;

/** What each capability exposes to the edge. */
export interface Capability {
  name: string;
  routes: Route[];
}

export type DeliveryResult = 'sent' | 'fallback' | 'unreachable' | 'failed';

/** Sends proactive messages (implemented by the edge through stored references). */
export interface Notifier {
  deliver(n: Notification): Promise<DeliveryResult>;
}
