// Files reach the user who asked for them the way Teams bots deliver files: a file consent card
// in their personal chat; on accept Teams gives an upload URL in the user's OneDrive, the bot
// uploads there and posts a file card. Nothing is served from the bot, no link outlives the
// upload, and the file is produced again on accept, for the accepting user through the file
// route's guards, so a forged accept yields nothing the user could not export themselves.
import type { TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai/lib/Application.js';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState.js';
import type { Logger } from 'pino';
import { z } from 'zod/v4';
import { translator } from '../core/i18n/index.js';
import type { FileOffer, FileRoute, Turn } from '../core/turn.js';
import type { BotDeps, Router, Uploads } from './router.js';

const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** A file's arguments come back from the client: ids and periods, or the board report's comment (1 000 characters). */
const Context = z.object({ file: z.string().min(1).max(60), args: z.record(z.string(), z.string().max(1000)) });
const ConsentValue = z.object({
  type: z.literal('fileUpload'),
  action: z.enum(['accept', 'decline']),
  context: Context,
  uploadInfo: z
    .object({
      name: z.string().min(1).max(255),
      uploadUrl: z.string().max(4000),
      contentUrl: z.string().max(4000),
      uniqueId: z.string().max(200),
      fileType: z.string().max(20),
    })
    .optional(),
});

/** Where files may be uploaded: the user's OneDrive hosts Teams names, nowhere else. */
export function uploads(hosts: readonly string[], allowHttp: boolean): Uploads {
  const allowed = (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.protocol !== 'https:' && !(allowHttp && url.protocol === 'http:')) return false;
    return hosts.some((h) => url.hostname === h || url.hostname.endsWith(`.${h}`));
  };
  return {
    allowed,
    async put(url, body) {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { 'content-range': `bytes 0-${body.length - 1}/${body.length}`, 'content-type': 'application/octet-stream' },
        body,
      });
      if (!res.ok) throw new Error(`upload answered ${res.status}`);
    },
  };
}

export function consentAttachment(offer: FileOffer) {
  const context = { file: offer.file, args: offer.args };
  return {
    contentType: FILE_CONSENT,
    name: offer.name,
    content: { description: offer.description, sizeInBytes: offer.sizeInBytes, acceptContext: context, declineContext: context },
  };
}

/** Consent cards go to the actor's personal chat; from a channel, the channel hears where. */
export async function offerFiles(ctx: TurnContext, offers: FileOffer[], deps: BotDeps, turn: Turn, logger: Logger): Promise<void> {
  for (const offer of offers) {
    if (turn.place.kind === 'personal') {
      await ctx.sendActivity({ type: 'message', attachments: [consentAttachment(offer)] });
      continue;
    }
    const result = await deps.notifier.deliver({ to: { kind: 'user', userId: turn.actor.userId }, message: { file: offer } });
    logger.info({ result }, 'file offered in the personal chat');
  }
}

const invokeOk = { type: 'invokeResponse', value: { status: 200 } };

async function accept(
  ctx: TurnContext,
  value: z.infer<typeof ConsentValue>,
  route: FileRoute,
  turn: Turn,
  deps: BotDeps,
  logger: Logger,
): Promise<string> {
  const tr = translator(turn.locale);
  const info = value.uploadInfo;
  if (!info || !deps.uploads.allowed(info.uploadUrl)) {
    logger.warn('file consent with an upload address that is not allowed');
    return tr('file.failed');
  }
  const file = await route.produce(turn, value.context.args);
  if (!file) return tr('file.gone');
  try {
    await deps.uploads.put(info.uploadUrl, Buffer.from(file.body, 'utf8'));
  } catch (err) {
    logger.warn({ err }, 'file upload failed');
    return tr('file.failed');
  }
  await ctx.sendActivity({
    type: 'message',
    attachments: [
      {
        contentType: FILE_INFO,
        contentUrl: info.contentUrl,
        name: info.name,
        content: { uniqueId: info.uniqueId, fileType: info.fileType },
      },
    ],
  });
  return '';
}

export function registerFileConsent(app: Application<TurnState>, files: FileRoute[], deps: BotDeps, r: Router): void {
  app.addRoute(
    async (ctx) => ctx.activity.type === 'invoke' && ctx.activity.name === 'fileConsent/invoke',
    async (ctx) => {
      const logger = r.log(ctx);
      const turn = r.turnOf(ctx, '');
      const tr = translator(turn.locale);
      const value = ConsentValue.safeParse(ctx.activity.value);
      const route = value.success ? files.find((f) => f.file === value.data.context.file) : undefined;
      await ctx.sendActivity(invokeOk);
      if (!value.success || !route) {
        logger.warn('unknown file consent');
        return;
      }
      if (ctx.activity.replyToId) await ctx.deleteActivity(ctx.activity.replyToId).catch(() => undefined);
      if (value.data.action === 'decline') {
        await ctx.sendActivity({ type: 'message', text: tr('file.declined'), textFormat: 'plain' });
        return;
      }
      const refused = await r.run(route, turn, logger);
      const message = refused.reply?.message.text ?? (await accept(ctx, value.data, route, turn, deps, logger));
      if (message) await ctx.sendActivity({ type: 'message', text: message, textFormat: 'plain' });
    },
    true,
  );
}
