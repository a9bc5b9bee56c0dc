// The teams-ai Application as a router: each capability's routes become app.message and
// app.adaptiveCards routes; this file turns an activity into a Turn and an Answer back into
// replies, card updates, invoke responses and proactive notifications.
import { ActivityTypes, CardFactory, TurnContext, type Activity } from 'botbuilder';
import { actionData, placeOf, tenantOf } from './activity.js';
// The Application module itself, not the package index: the index also loads the AI stack
// (planners, models, tokenizers) this bot does not use, ~0.3 s and ~35 MB at every start.
import { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { localeOf, t } from '../core/i18n/index.js';
import type { Directory } from '../core/roles.js';
import { commandRouter } from '../core/text.js';
import type { Answer, Capability, Handler, Notifier, OutgoingMessage, Place, Turn } from '../core/turn.js';
import type { ConversationRegistry } from '../conversations/registry.js';

export interface BotDeps {
  capabilities: Capability[];
  directory: Directory;
  registry: ConversationRegistry;
  notifier: Notifier;
  clock: Clock;
  log: Logger;
  /** Sent when the bot is installed in a conversation (the help card). */
  welcome: Handler;
  /** Text nobody understood: a short hint with buttons, never silence. */
  fallback: Handler;
}

export function toActivity(m: OutgoingMessage): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text: m.text,
    attachments: m.card ? [CardFactory.adaptiveCard(m.card)] : undefined,
  };
}

export function createApplication(deps: BotDeps): Application<TurnState> {
  const app = new Application<TurnState>({ removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });

  const turnOf = (ctx: TurnContext, args: string): Turn => {
    const a = ctx.activity;
    const { data, universal } = actionData(a);
    const userId = a.from?.aadObjectId ?? a.from?.id ?? 'unknown';
    return {
      activityId: a.id ?? randomUUID(),
      actor: deps.directory.actor(userId, a.from?.name ?? ''),
      place: placeOf(a),
      locale: localeOf(a.locale),
      now: deps.clock.now(),
      text: (a.text ?? '').normalize('NFC').trim(),
      args,
      data,
      universal,
    };
  };

  const log = (ctx: TurnContext): Logger =>
    deps.log.child({ activityId: ctx.activity.id, turnId: randomUUID(), type: ctx.activity.type, name: ctx.activity.name });

  const notifyAfterTurn = (answer: Answer, logger: Logger): void => {
    for (const n of answer.notify ?? []) {
      deps.notifier.deliver(n).catch((err: unknown) => logger.error({ err }, 'notification failed'));
    }
  };

  /** Replies for message turns: new messages, and for a submit, the card it came from updated. */
  const answerMessage = async (ctx: TurnContext, answer: Answer, logger: Logger): Promise<void> => {
    if (answer.replaceCard) {
      const replyToId = ctx.activity.replyToId;
      let updated = false;
      if (replyToId) {
        try {
          await ctx.updateActivity({ ...toActivity({ card: answer.replaceCard }), id: replyToId });
          updated = true;
        } catch (err) {
          logger.warn({ err }, 'card update failed; sending a new message');
        }
      }
      if (!updated) await ctx.sendActivity(toActivity({ card: answer.replaceCard }));
    }
    for (const m of answer.send ?? []) await ctx.sendActivity(toActivity(m));
    notifyAfterTurn(answer, logger);
  };

  // Every turn keeps this conversation's reference fresh (tenants are checked by the edge).
  app.turn('beforeTurn', async (ctx) => {
    const a = ctx.activity;
    const removal = a.type === 'installationUpdate' && String(a.action).startsWith('remove');
    if (a.conversation?.id && a.from && !removal) {
      const place = placeOf(a);
      const reference = TurnContext.getConversationReference(a) as unknown as Record<string, unknown>;
      await deps.registry.remember(place, reference, deps.clock.now(), a.from.aadObjectId ?? a.from.id);
      if (a.from.aadObjectId && a.from.id && a.serviceUrl) {
        await deps.registry.rememberMember(a.from.aadObjectId, { id: a.from.id, serviceUrl: a.serviceUrl, tenantId: tenantOf(a) }, deps.clock.now());
      }
    }
    return true;
  });

  // Install, uninstall, team deleted/restored keep the stored references in sync.
  app.activity('installationUpdate', async (ctx) => {
    const a = ctx.activity;
    const place = placeOf(a);
    if (String(a.action).startsWith('remove')) {
      if (place.teamId) await deps.registry.setTeamInstalled(place.teamId, false, deps.clock.now());
      else await deps.registry.setInstalled(place.key, false, deps.clock.now());
    }
  });
  app.conversationUpdate('membersAdded', async (ctx) => {
    const botAdded = ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient?.id);
    if (botAdded) await answerMessage(ctx, await deps.welcome(turnOf(ctx, '')), log(ctx));
  });
  app.conversationUpdate('membersRemoved', async (ctx) => {
    const botRemoved = ctx.activity.membersRemoved?.some((m) => m.id === ctx.activity.recipient?.id);
    if (botRemoved) {
      const place = placeOf(ctx.activity);
      if (place.teamId) await deps.registry.setTeamInstalled(place.teamId, false, deps.clock.now());
      else await deps.registry.setInstalled(place.key, false, deps.clock.now());
    }
  });
  for (const event of ['teamDeleted', 'teamHardDeleted', 'teamArchived'] as const) {
    app.conversationUpdate(event, async (ctx) => {
      const teamId = placeOf(ctx.activity).teamId;
      if (teamId) await deps.registry.setTeamInstalled(teamId, false, deps.clock.now());
    });
  }
  for (const event of ['teamRestored', 'teamUnarchived'] as const) {
    app.conversationUpdate(event, async (ctx) => {
      const teamId = placeOf(ctx.activity).teamId;
      if (teamId) await deps.registry.setTeamInstalled(teamId, true, deps.clock.now());
    });
  }

  // Every capability's commands behind one route: a message is folded once (commandRouter), and
  // the first command in the capabilities' order whose words it starts with answers it.
  const routes = deps.capabilities.flatMap((capability) => capability.routes);
  const commands = commandRouter(routes.flatMap((route) => (route.kind === 'command' ? [{ words: route.words, value: route }] : [])));
  const commandOf = (ctx: TurnContext) => (ctx.activity.type === ActivityTypes.Message ? commands(ctx.activity.text ?? '') : undefined);
  app.message(
    async (ctx) => commandOf(ctx) !== undefined,
    async (ctx) => {
      const { value: route, args } = commandOf(ctx)!;
      const logger = log(ctx).child({ command: route.name });
      logger.info('command');
      await answerMessage(ctx, await route.handler(turnOf(ctx, args)), logger);
    },
  );

  for (const route of routes) {
    if (route.kind === 'command') continue;
    app.adaptiveCards.actionExecute(route.verb, async (ctx) => {
      const logger = log(ctx).child({ verb: route.verb });
      logger.info('card action');
      const turn = turnOf(ctx, '');
      const answer = await route.handler(turn);
      // Refresh is unreliable in team channels: update the posted card for everyone too.
      if (answer.replaceCard && turn.place.kind !== 'personal' && ctx.activity.replyToId) {
        await ctx
          .updateActivity({ ...toActivity({ card: answer.replaceCard }), id: ctx.activity.replyToId })
          .catch((err: unknown) => logger.warn({ err }, 'channel card update failed'));
      }
      const texts = (answer.send ?? []).every((m) => m.text && !m.card) ? (answer.send ?? []).map((m) => m.text!) : [];
      // A plain text answer to a card action is the invoke's own message; cards are sent.
      if (!answer.replaceCard && texts.length) {
        notifyAfterTurn(answer, logger);
        return texts.join('\n\n');
      }
      for (const m of answer.send ?? []) await ctx.sendActivity(toActivity(m));
      notifyAfterTurn(answer, logger);
      return answer.replaceCard ?? t(localeOf(ctx.activity.locale), 'action.done');
    });
    app.adaptiveCards.actionSubmit(route.verb, async (ctx) => {
      const logger = log(ctx).child({ verb: route.verb });
      logger.info('card submit');
      await answerMessage(ctx, await route.handler(turnOf(ctx, '')), logger);
    });
  }

  // Card actions with a verb nobody registered (an old or forged card).
  app.addRoute(
    async (ctx) => ctx.activity.type === ActivityTypes.Invoke && ctx.activity.name === 'adaptiveCard/action',
    async (ctx) => {
      log(ctx).warn('unknown card verb');
      await ctx.sendActivity({
        type: 'invokeResponse',
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: t(localeOf(ctx.activity.locale), 'action.unknown') } },
      });
    },
    true,
  );
  // Text nobody matched, and submits with an unknown or missing verb.
  app.activity(ActivityTypes.Message, async (ctx) => {
    const logger = log(ctx);
    if (!ctx.activity.text && ctx.activity.value) {
      logger.warn('unknown submit verb');
      await ctx.sendActivity(t(localeOf(ctx.activity.locale), 'action.unknown'));
      return;
    }
    logger.info('unmatched text');
    await answerMessage(ctx, await deps.fallback(turnOf(ctx, '')), logger);
  });

  return app;
}
