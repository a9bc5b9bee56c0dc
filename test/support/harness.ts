// Starts the real bot on a random port against a fake connector, and drives it the way Teams
// does: activities over HTTP into /api/messages, card submits and adaptiveCard/action invokes.
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { startBot, type RunningBot } from '../../src/bot.js';
import type { Clock, ManualClock } from '../../src/core/clock.js';
import { testClock } from './clock.js';
import { FakeConnector } from './fakeConnector.js';
import { actionData } from './cards.js';
import type { Case } from '../../src/cases/model.js';

export interface User {
  aadObjectId: string;
  name: string;
  locale?: string;
}

export interface Where {
  conversationId: string;
  type: 'personal' | 'channel' | 'groupChat';
  teamId?: string;
  channelId?: string;
}

const TENANT = 'tenant-vgr';

export function personal(user: User): Where {
  return { conversationId: `a:personal-${user.aadObjectId}`, type: 'personal' };
}

export function channel(name: string, teamId = 'team-1'): Where {
  return { conversationId: `19:${name}@thread.tacv2`, type: 'channel', teamId, channelId: `19:${name}@thread.tacv2` };
}

export interface HarnessOptions {
  roles?: Record<string, { roles: string[]; providers?: string[] }>;
  env?: Record<string, string>;
  clock?: Clock;
  /** Run on the bot's own FAKE_NOW clock (real time shifted to this instant), as an operator would. */
  fakeNow?: string;
  dataDir?: string;
}

export class Harness {
  readonly connector = new FakeConnector();
  /** The bot's clock unless the test gave its own: it stands at TEST_START until moved. */
  clock: ManualClock | undefined;
  readonly logs: string[] = [];
  bot!: RunningBot;
  dataDir = '';
  private ownsDir = false;

  static async start(options: HarnessOptions = {}): Promise<Harness> {
    const h = new Harness();
    await h.connector.start();
    if (options.dataDir) h.dataDir = options.dataDir;
    else {
      h.dataDir = await mkdtemp(path.join(tmpdir(), 'avvikelseboten-'));
      h.ownsDir = true;
    }
    const rolesFile = path.join(h.dataDir, 'roles.json');
    await writeFile(rolesFile, JSON.stringify({ users: options.roles ?? {} }));
    await h.boot(options, rolesFile);
    return h;
  }

  private async boot(options: HarnessOptions, rolesFile: string): Promise<void> {
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => this.logs.push(chunk.toString()));
    this.bot = await startBot({
      env: {
        NODE_ENV: 'test',
        ALLOW_ANONYMOUS: 'true',
        FILE_UPLOAD_HOSTS: '127.0.0.1',
        PORT: '0',
        DATA_DIR: path.join(this.dataDir, 'store'),
        ROLES_FILE: rolesFile,
        LOG_LEVEL: 'info',
        REMINDER_SWEEP_SECONDS: '0',
        ...(options.fakeNow ? { FAKE_NOW: options.fakeNow } : {}),
        ...options.env,
      },
      clock: options.fakeNow ? undefined : (options.clock ?? (this.clock ??= testClock())),
      logDestination: logStream,
    });
  }

  /** Stops and starts the bot on the same data (a restart). */
  async restart(options: HarnessOptions = {}): Promise<void> {
    await this.bot.stop();
    await this.boot(options, path.join(this.dataDir, 'roles.json'));
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.connector.stop();
    if (this.ownsDir) await rm(this.dataDir, { recursive: true, force: true });
  }

  activity(user: User, where: Where, extra: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: (this.clock ?? testClock()).now().toISOString(),
      locale: user.locale ?? 'sv-SE',
      from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
      recipient: { id: '28:avvikelseboten', name: 'Avvikelseboten' },
      conversation: { id: where.conversationId, conversationType: where.type, tenantId: TENANT },
      channelData: {
        tenant: { id: TENANT },
        ...(where.teamId ? { team: { id: where.teamId }, channel: { id: where.channelId } } : {}),
      },
      ...extra,
    };
  }

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${this.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // plain text body
    }
    return { status: res.status, body };
  }

  say(user: User, where: Where, text: string) {
    return this.post(this.activity(user, where, { type: 'message', text }));
  }

  /** An Action.Execute from a card: returns the invoke response (card or message). */
  async execute(user: User, where: Where, verb: string, data: Record<string, unknown>, replyToId = 'card-1') {
    const res = await this.post(
      this.activity(user, where, {
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    );
    const body = res.body as { statusCode?: number; type?: string; value?: unknown } | undefined;
    return {
      status: res.status,
      body,
      card: body?.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as Record<string, unknown>) : undefined,
    };
  }

  /**
   * A report as a user makes it: `ny avvikelse` in their personal chat, then the form sent with
   * these fields (and the form id the card carries). Resolves with the case it created, if any.
   */
  async report(user: User, fields: Record<string, string>): Promise<Case | undefined> {
    const known = new Set(this.bot.stores.cases.all().map((c) => c.id));
    await this.say(user, personal(user), 'ny avvikelse');
    const formId = String(actionData(this.connector.cards().at(-1), 'avvikelse.skicka')?.['formId']);
    await this.execute(user, personal(user), 'avvikelse.skicka', { formId, ...fields });
    return this.bot.stores.cases.all().find((c) => !known.has(c.id));
  }

  /** An Action.Submit (the fallback for clients without Universal Actions). */
  submit(user: User, where: Where, verb: string | undefined, data: Record<string, unknown>, replyToId = 'card-1') {
    return this.post(this.activity(user, where, { type: 'message', replyToId, value: verb === undefined ? data : { ...data, verb } }));
  }

  /**
   * Accepts the latest file consent card in the user's personal chat, as Teams does: an invoke
   * with an upload URL (here the fake connector's); resolves with what was uploaded.
   */
  async acceptFile(user: User, name = `file-${randomUUID()}`): Promise<string | undefined> {
    const consent = this.connector.consents(personal(user).conversationId).at(-1);
    if (!consent) throw new Error('no file consent card was sent');
    return this.acceptConsent(user, consent.content['acceptContext'], consent.name, name);
  }

  /**
   * An accept of a file consent with this context (the card's own, or a forged one), from the
   * user's personal chat; resolves with what the bot uploaded under `name`, if anything.
   */
  async acceptConsent(user: User, context: unknown, fileName: string, name: string): Promise<string | undefined> {
    await this.post(
      this.activity(user, personal(user), {
        type: 'invoke',
        name: 'fileConsent/invoke',
        replyToId: 'consent-1',
        value: {
          type: 'fileUpload',
          action: 'accept',
          context,
          uploadInfo: {
            name: fileName,
            uploadUrl: `${this.connector.url}upload/${name}`,
            contentUrl: `https://example.sharepoint.com/${name}`,
            uniqueId: name,
            fileType: fileName.split('.').pop(),
          },
        },
      }),
    );
    return this.connector.uploads.get(name)?.body;
  }

  install(user: User, where: Where) {
    return this.post(
      this.activity(user, where, {
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:avvikelseboten' }],
      }),
    );
  }
}
