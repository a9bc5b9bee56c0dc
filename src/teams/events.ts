// Conversation events: every turn keeps its conversation's reference fresh (reminders and
// notifications send through it); install, uninstall, team deleted or restored keep the stored
// references in step; a new install gets the welcome card.
import { TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import type { BotDeps, Router } from './router.js';
import { channelRoot, placeOf, tenantOf, userIdOf } from './activity.js';
import { answerMessage } from './replies.js';

export function registerEvents(app: Application<TurnState>, deps: BotDeps, r: Router): void {
  const now = () => deps.clock.now();

  /** Uninstalled from a chat, or from a whole team (every channel of it). */
  const uninstalled = async (ctx: TurnContext) => {
    const place = placeOf(ctx.activity);
    if (place.teamId) await deps.registry.setTeamInstalled(place.teamId, false, now());
    else await deps.registry.setInstalled(place.key, false, now());
  };

  app.turn('beforeTurn', async (ctx) => {
    const a = ctx.activity;
    const removal = a.type === 'installationUpdate' && String(a.action).startsWith('remove');
    if (a.conversation?.id && a.from && !removal) {
      const reference = TurnContext.getConversationReference(a);
      // A channel's notices go to the channel as new posts, never into the thread last spoken in.
      const conversation = { ...reference.conversation!, id: channelRoot(a.conversation.id) };
      await deps.registry.remember(placeOf(a), { ...reference, conversation } as unknown as Record<string, unknown>, now(), userIdOf(a));
      if (a.from.aadObjectId && a.from.id && a.serviceUrl) {
        await deps.registry.rememberMember(a.from.aadObjectId, { id: a.from.id, serviceUrl: a.serviceUrl, tenantId: tenantOf(a) }, now());
      }
    }
    return true;
  });

  app.activity('installationUpdate', async (ctx) => {
    if (String(ctx.activity.action).startsWith('remove')) await uninstalled(ctx);
  });
  app.conversationUpdate('membersAdded', async (ctx) => {
    if (!ctx.activity.membersAdded?.some((m) => m.id === ctx.activity.recipient?.id)) return;
    const logger = r.log(ctx);
    const turn = r.turnOf(ctx, '');
    await answerMessage(ctx, await deps.welcome(turn), 'command', deps, turn, logger);
  });
  app.conversationUpdate('membersRemoved', async (ctx) => {
    if (ctx.activity.membersRemoved?.some((m) => m.id === ctx.activity.recipient?.id)) await uninstalled(ctx);
  });
  for (const [events, installed] of [
    [['teamDeleted', 'teamHardDeleted', 'teamArchived'], false],
    [['teamRestored', 'teamUnarchived'], true],
  ] as const) {
    for (const event of events) {
      app.conversationUpdate(event, async (ctx) => {
        const teamId = placeOf(ctx.activity).teamId;
        if (teamId) await deps.registry.setTeamInstalled(teamId, installed, now());
      });
    }
  }
}
