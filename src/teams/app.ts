// The teams-ai Application as a router: every capability's routes become one command route
// and one route per card verb; this file turns an activity into a Turn, checks the route's
// guards once (the same way for every route), runs the handler and hands its Answer to
// replies.ts. Conversation events live in events.ts, the file consent flow in files.ts.
import { ActivityTypes, TurnContext, type Activity } from 'botbuilder';
// The Application module itself, not the package index: the index also loads the AI stack
// (planners, models, tokenizers) this bot does not use, at every start (bench/RESULTS.md).
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { admit, checkGuard } from '../core/guards.js';
import { translator } from '../core/i18n/index.js';
import { roleList } from '../core/roles.js';
import { say } from '../core/reply.js';
import { commandRouter } from '../core/text.js';
import { MAX_ARGS, type Answer, type CommandRoute, type FileRoute, type Route, type Turn, type VerbRoute } from '../core/turn.js';
import { actionData, actionVerb, placeOf, userIdOf } from './activity.js';
import { registerEvents } from './events.js';
import { registerFileConsent } from './files.js';
import type { BotDeps, Router } from './router.js';
import type { EdgeResponse } from '../server.js';
import { answerAction, answerMessage, invokeMessage, invokeMessageBody, type Mode } from './replies.js';

/** A command whose arguments pass its limit is answered before any parsing (200 KB cost seconds). */
function tooLong(route: CommandRoute, turn: Turn): Answer | undefined {
  const max = route.maxArgs ?? MAX_ARGS;
  return turn.args.length > max ? say(translator(turn.locale)('command.tooLong', { max })) : undefined;
}

const routeName = (route: Route): string => (route.kind === 'command' ? route.name : route.kind === 'verb' ? route.verb : route.file);

function router(deps: BotDeps): Router {
  const turnOf = ({ activity: a }: Pick<TurnContext, 'activity'>, args: string): Turn => {
    const userId = userIdOf(a);
    return {
      activityId: a.id ?? randomUUID(),
      actor: deps.directory.actor(userId, a.from?.name ?? ''),
      place: placeOf(a),
      locale: deps.localeOf(userId, a.locale),
      now: deps.clock.now(),
      text: (a.text ?? '').normalize('NFC').trim(),
      args,
      data: actionData(a).data,
    };
  };

  /**
   * Guards first, the same for every route: a refusal by role or scope is audited once, as a
   * fixed-size record coalesced per minute, so a flood of forged cards costs the store a few
   * writes; a user over the refusal limit gets a short answer instead of the reason.
   */
  const run = async (route: Route, turn: Turn, logger: Logger): Promise<Answer> => {
    const { refusal, record } = await admit(route, turn);
    // A verb's handler gets what its scope loaded (onRecord ties their types together).
    if (!refusal) return route.kind === 'file' ? {} : route.kind === 'verb' ? route.handler(turn, record as never) : route.handler(turn);
    const tr = translator(turn.locale);
    logger.info({ route: routeName(route), refused: refusal.kind }, 'guard refused');
    if (
      refusal.kind !== 'where' &&
      (await deps.audit.refused(turn.actor.userId, routeName(route), refusal.kind, turn.now, refusal.subject, turn.actor.name))
    ) {
      return say(tr('guard.limited'));
    }
    const roles = refusal.kind === 'role' && refusal.roles ? roleList(refusal.roles, tr) : '';
    return say(tr(refusal.message, { roles }));
  };

  // One child logger a turn, with the route's binding in it (pino serialises bindings per child).
  const log = (ctx: TurnContext, route: Record<string, string> = {}): Logger =>
    deps.log.child({ activityId: ctx.activity.id, type: ctx.activity.type, name: ctx.activity.name, ...route });

  return { turnOf, run, log };
}

/**
 * What the edge may answer without running a turn. A user over the refusal limit (forged
 * cards, commands without the role, twenty in a minute) is answered here when the guards
 * refuse the action again: counted in the audit trail and told to wait, but with no turn, no
 * SDK context and no log line, so a flood costs a lookup. Their allowed actions run as usual.
 */
export type Shed = (activity: Activity) => Promise<EdgeResponse | undefined>;

/** The command a message's text starts with, and the text after it. */
type CommandOf = (text: string) => { value: CommandRoute; args: string } | undefined;

function refusalShed(deps: BotDeps, verbs: VerbRoute[], commandOf: CommandOf, r: Router): Shed {
  const byVerb = new Map(verbs.map((x) => [x.verb, x]));
  const routeOf = (a: Activity): { route: Route; args: string } | undefined => {
    const verb = actionVerb(a);
    if (verb !== undefined) {
      const route = byVerb.get(verb);
      return route && { route, args: '' };
    }
    if (a.type !== ActivityTypes.Message || !a.text) return undefined;
    const command = commandOf(TurnContext.removeRecipientMention({ ...a }) ?? '');
    return command && { route: command.value, args: command.args };
  };
  return async (activity) => {
    const userId = userIdOf(activity);
    if (!deps.audit.isLimited(userId, deps.clock.now())) return undefined;
    const found = routeOf(activity);
    if (!found) return undefined;
    const turn = r.turnOf({ activity }, found.args);
    const refusal = await checkGuard(found.route, turn);
    if (!refusal || refusal.kind === 'where') return undefined;
    await deps.audit.refused(userId, routeName(found.route), refusal.kind, turn.now, refusal.subject, turn.actor.name);
    // An invoke gets the short answer in its response; a submit or a command is only counted
    // (answering would cost a call to Teams per attempt; the user was told at the limit).
    if (activity.type !== ActivityTypes.Invoke) return { status: 200 };
    return { status: 200, body: invokeMessageBody(translator(turn.locale)('guard.limited')) };
  };
}

export function createApplication(deps: BotDeps): { app: Application<TurnState>; shed: Shed } {
  const app = new Application<TurnState>({ removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });
  const r = router(deps);
  const routes = deps.capabilities.flatMap((capability) => capability.routes);

  const verbs = routes.filter((x): x is VerbRoute => x.kind === 'verb');
  // One matcher for the router and the edge's shed, so both read a message the same way.
  const commandOf: CommandOf = commandRouter(routes.flatMap((x) => (x.kind === 'command' ? [{ words: x.words, value: x }] : [])));

  registerEvents(app, deps, r);
  registerCommands(app, commandOf, deps, r);
  registerVerbs(app, verbs, deps, r);
  registerFileConsent(
    app,
    routes.filter((x): x is FileRoute => x.kind === 'file'),
    deps,
    r,
  );
  registerFallbacks(app, deps, r);
  return { app, shed: refusalShed(deps, verbs, commandOf, r) };
}

/** Every command behind one route: a message is folded once, the first matching command runs. */
function registerCommands(app: Application<TurnState>, match: CommandOf, deps: BotDeps, r: Router): void {
  // The router's selector and the handler read the same activity: match its text once.
  const matched = new WeakMap<Activity, ReturnType<CommandOf>>();
  const commandOf = ({ activity: a }: TurnContext) => {
    if (a.type !== ActivityTypes.Message) return undefined;
    if (!matched.has(a)) matched.set(a, match(a.text ?? ''));
    return matched.get(a);
  };
  app.message(
    async (ctx) => commandOf(ctx) !== undefined,
    async (ctx) => {
      const { value: route, args } = commandOf(ctx)!;
      const logger = r.log(ctx, { command: route.name });
      logger.info('command');
      const turn = r.turnOf(ctx, args);
      await answerMessage(ctx, await (tooLong(route, turn) ?? r.run(route, turn, logger)), 'command', deps, turn, logger);
    },
  );
}

function registerVerbs(app: Application<TurnState>, verbs: VerbRoute[], deps: BotDeps, r: Router): void {
  for (const route of verbs) {
    const handle = async (ctx: TurnContext, mode: Mode) => {
      const logger = r.log(ctx, { verb: route.verb });
      logger.info(mode === 'execute' ? 'card action' : 'card submit');
      const turn = r.turnOf(ctx, '');
      return answerAction(ctx, await r.run(route, turn, logger), mode, deps, turn, logger);
    };
    app.adaptiveCards.actionExecute(route.verb, async (ctx) => (await handle(ctx, 'execute')) ?? '');
    app.adaptiveCards.actionSubmit(route.verb, async (ctx) => {
      await handle(ctx, 'submit');
    });
  }
}

function registerFallbacks(app: Application<TurnState>, deps: BotDeps, r: Router): void {
  // Card actions with a verb nobody registered (an old or forged card).
  app.addRoute(
    async (ctx) => ctx.activity.type === ActivityTypes.Invoke && ctx.activity.name === 'adaptiveCard/action',
    async (ctx) => {
      r.log(ctx).warn('unknown card verb');
      const turn = r.turnOf(ctx, '');
      await ctx.sendActivity(invokeMessage(translator(turn.locale)('action.unknown')));
    },
    true,
  );
  // Text nobody matched, and submits with an unknown or missing verb.
  app.activity(ActivityTypes.Message, async (ctx) => {
    const logger = r.log(ctx);
    const turn = r.turnOf(ctx, '');
    if (!ctx.activity.text && ctx.activity.value) {
      logger.warn('unknown submit verb');
      await answerMessage(ctx, say(translator(turn.locale)('action.unknown')), 'command', deps, turn, logger);
      return;
    }
    logger.info('unmatched text');
    await answerMessage(ctx, await deps.fallback(turn), 'command', deps, turn, logger);
  });
}
