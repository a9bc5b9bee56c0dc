// An Answer back to Teams. The reply policy a handler named becomes, for Action.Execute, an
// invoke response (and for replaceForAll also an update of the posted card), for Action.Submit
// an update of the card the submit came from, and for a typed command a new message. Text is
// always sent as plain text, so nothing a user wrote turns into a link or formatting.
import { ActivityTypes, CardFactory, type Activity, type TurnContext } from 'botbuilder';
import type { AdaptiveCard } from '@microsoft/teams-ai/lib/AdaptiveCards.js';
import type { Logger } from 'pino';
import { translator } from '../core/i18n/index.js';
import type { Answer, Card, OutgoingMessage, Turn } from '../core/turn.js';
import type { BotDeps } from './router.js';
import { consentAttachment, offerFiles } from './files.js';

/**
 * What Teams takes in one message: it refuses a larger activity with 413 (MessageSizeTooBig).
 * Microsoft's pages name 28, 40 and 100 KB over the years; 28 KB of JSON is what was seen
 * refused, so every card is made to fit that (a list pages) and the test connector enforces it.
 */
export const TEAMS_MESSAGE_BYTES = 28 * 1024;

/** How the turn came: a typed command, an Action.Execute invoke, an Action.Submit message. */
export type Mode = 'command' | 'execute' | 'submit';

export function toActivity(m: OutgoingMessage): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text: m.text,
    ...(m.text !== undefined ? { textFormat: 'plain' } : {}),
    attachments: m.card ? [CardFactory.adaptiveCard(m.card)] : m.file ? [consentAttachment(m.file)] : undefined,
  };
}

/** The body of an invoke response that shows a short message to the one who acted. */
export const invokeMessageBody = (text: string) => ({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: text });

/** An invoke response that shows a short message to the one who acted. */
export function invokeMessage(text: string): Partial<Activity> {
  return { type: 'invokeResponse', value: { status: 200, body: invokeMessageBody(text) } };
}

function notifyAfterTurn(answer: Answer, deps: BotDeps, logger: Logger): void {
  for (const n of answer.notify ?? []) {
    deps.notifier.deliver(n).catch((err: unknown) => logger.error({ err }, 'notification failed'));
  }
}

async function updateCard(ctx: TurnContext, card: Card, logger: Logger): Promise<boolean> {
  const id = ctx.activity.replyToId;
  if (!id) return false;
  try {
    await ctx.updateActivity({ ...toActivity({ card }), id });
    return true;
  } catch (err) {
    logger.warn({ err }, 'card update failed');
    return false;
  }
}

const bytesOf = (message: OutgoingMessage) => Buffer.byteLength(JSON.stringify(toActivity(message)));

/**
 * Sends a message. One that Teams refuses as too large (413) becomes a short message saying how
 * to narrow it: every list pages, so this is a net. Not measured before it goes: that serialised
 * every reply a second time (a list's reply is 10 KB), for a refusal that paging makes rare.
 */
async function send(ctx: TurnContext, message: OutgoingMessage, turn: Turn, logger: Logger): Promise<void> {
  try {
    await ctx.sendActivity(toActivity(message));
    return;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 413) throw err;
  }
  logger.warn('reply too large for Teams');
  await ctx.sendActivity(toActivity({ text: translator(turn.locale)('reply.tooLarge') }));
}

async function finish(ctx: TurnContext, answer: Answer, deps: BotDeps, turn: Turn, logger: Logger): Promise<void> {
  for (const m of answer.send ?? []) await send(ctx, m, turn, logger);
  if (answer.files?.length) await offerFiles(ctx, answer.files, deps, turn, logger);
  notifyAfterTurn(answer, deps, logger);
}

/** A typed command, or a submit: replies are messages, a replaced card is an update. */
export async function answerMessage(
  ctx: TurnContext,
  answer: Answer,
  mode: Mode,
  deps: BotDeps,
  turn: Turn,
  logger: Logger,
): Promise<void> {
  const reply = answer.reply;
  if (reply) {
    const replace = mode === 'submit' && reply.policy !== 'newMessage' && reply.message.card;
    const updated = replace ? await updateCard(ctx, reply.message.card!, logger) : false;
    if (!updated) await send(ctx, reply.message, turn, logger);
  }
  await finish(ctx, answer, deps, turn, logger);
}

/**
 * A card action. For Action.Execute the return value is the invoke response (a card replaces
 * the actor's view, a string is shown as a message); for Action.Submit it is undefined.
 */
export async function answerAction(
  ctx: TurnContext,
  answer: Answer,
  mode: Mode,
  deps: BotDeps,
  turn: Turn,
  logger: Logger,
): Promise<AdaptiveCard | string | undefined> {
  if (mode !== 'execute') {
    await answerMessage(ctx, answer, mode, deps, turn, logger);
    return undefined;
  }
  const reply = answer.reply;
  const card = reply?.policy !== 'newMessage' ? reply?.message.card : undefined;
  // Refresh is unreliable in team channels: a change to shared state updates the posted card.
  if (card && reply?.policy === 'replaceForAll') await updateCard(ctx, card, logger);
  if (reply && !card) {
    const alone = !answer.send?.length && !reply.message.card;
    if (!alone) await send(ctx, reply.message, turn, logger);
    await finish(ctx, answer, deps, turn, logger);
    return alone ? (reply.message.text ?? '') : translator(turn.locale)('action.done');
  }
  await finish(ctx, answer, deps, turn, logger);
  if (card && bytesOf({ card }) > TEAMS_MESSAGE_BYTES) {
    logger.warn('card too large for Teams');
    return translator(turn.locale)('reply.tooLarge');
  }
  return (card as AdaptiveCard | undefined) ?? translator(turn.locale)('action.done');
}
