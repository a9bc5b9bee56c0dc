// What the Teams side's modules share: the bot's dependencies and the router that builds turns
// and runs routes. Apart from app.ts, which wires events, file consent and replies that use them.
import type { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import type { AuditService } from '../core/audit.js';
import type { Clock } from '../core/clock.js';
import type { Locale } from '../core/i18n/index.js';
import type { Directory } from '../core/roles.js';
import type { Answer, Capability, Handler, Notifier, Route, Turn } from '../core/turn.js';
import type { ConversationRegistry } from '../conversations/registry.js';

/** Where a file the user consented to is uploaded (files.ts): the configured hosts only. */
export interface Uploads {
  allowed(url: string): boolean;
  put(url: string, body: Buffer): Promise<void>;
}

export interface BotDeps {
  capabilities: Capability[];
  directory: Directory;
  registry: ConversationRegistry;
  audit: AuditService;
  notifier: Notifier;
  uploads: Uploads;
  clock: Clock;
  log: Logger;
  /** The language a user sees: their own choice, else the configured default. */
  localeOf: (userId: string, activityLocale: string | undefined) => Locale;
  /** Sent when the bot is installed in a conversation (the help card). */
  welcome: Handler;
  /** Text nobody understood: a short hint with buttons, never silence. */
  fallback: Handler;
}

/** What the edge needs to run routes: building turns and checking guards. */
export interface Router {
  turnOf(ctx: Pick<TurnContext, 'activity'>, args: string): Turn;
  run(route: Route, turn: Turn, logger: Logger): Promise<Answer>;
  log(ctx: TurnContext, route?: Record<string, string>): Logger;
}
