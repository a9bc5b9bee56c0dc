// Where an accepted file may be uploaded (issue 30.3): only the OneDrive hosts Teams names, over
// https. A check that lost its leading dot would take evilsharepoint.com; one that matched the
// start would take sharepoint.com.evil.example.
import { describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { consentAttachment, offerFiles, registerFileConsent, uploads } from './files.js';
import type { Answer, FileRoute, Turn } from '../core/turn.js';
import type { BotDeps, Router } from './router.js';

const HOSTS = ['sharepoint.com', 'sharepoint.us'];
const TABLE: [string, boolean][] = [
  ['https://contoso.sharepoint.com/personal/u/_api/upload', true],
  ['https://contoso-my.sharepoint.com/x', true],
  ['https://sharepoint.com/x', true],
  ['https://agency.sharepoint.us/x', true],
  ['https://evilsharepoint.com/x', false],
  ['https://sharepoint.com.evil.example/x', false],
  ['https://contoso.sharepoint.com.evil.example/x', false],
  ['https://evil.example/contoso.sharepoint.com', false],
  ['https://evil.example/?u=https://contoso.sharepoint.com', false],
  ['https://contoso.sharepoint.com@evil.example/x', false],
  ['http://contoso.sharepoint.com/x', false],
  ['ftp://contoso.sharepoint.com/x', false],
  ['javascript:alert(1)//contoso.sharepoint.com', false],
  ['not a url', false],
  ['', false],
  ['https://contoso.sharepoint.co/x', false],
  ['https://sharepoint.de/x', false],
];

describe('the upload host check', () => {
  const check = uploads(HOSTS, false);
  for (const [url, ok] of TABLE)
    it(`${ok ? 'takes' : 'refuses'} ${url || '(empty)'}`, () => {
      expect(check.allowed(url)).toBe(ok);
    });

  it('takes plain http only where it is allowed (tests), and still only the named hosts', () => {
    const local = uploads(['127.0.0.1'], true);
    expect(local.allowed('http://127.0.0.1:4000/upload/x')).toBe(true);
    expect(local.allowed('http://127.0.0.2:4000/upload/x')).toBe(false);
    expect(local.allowed('https://127.0.0.1:4000/upload/x')).toBe(true);
    expect(local.allowed('ftp://127.0.0.1:4000/upload/x')).toBe(false);
    expect(uploads(HOSTS, true).allowed('http://evilsharepoint.com/x')).toBe(false);
  });
});

// The consent flow as Teams drives it (issue 30.6): an invoke with the user's answer, the upload
// to the address Teams gave, the file card after it. Driven through the handler the app registers.

type Handler = (ctx: unknown) => Promise<void>;
/** What the flow logs, for the operator: message and fields. */
const logged: Record<string, unknown>[] = [];
const log = pino({ level: 'info' }, { write: (s: string) => void logged.push(JSON.parse(s) as Record<string, unknown>) });
const lastLog = () => logged.at(-1);

function consentApp(produced: { body: string } | undefined, refusal?: Answer) {
  let selector: ((ctx: unknown) => Promise<boolean>) | undefined;
  let handler: Handler | undefined;
  let invokeFlag: boolean | undefined;
  const app = {
    addRoute: (s: typeof selector, h: Handler, isInvoke: boolean) => {
      selector = s;
      handler = h;
      invokeFlag = isInvoke;
    },
  };
  const produceArgs: Record<string, string>[] = [];
  const route: FileRoute = {
    kind: 'file',
    file: 'export',
    produce: async (_turn, args) => {
      produceArgs.push(args);
      return produced && { name: 'a.csv', type: 'text/csv', body: produced.body };
    },
  } as FileRoute;
  const puts: { url: string; body: string }[] = [];
  const ran: FileRoute[] = [];
  const deps = {
    uploads: {
      allowed: (url: string) => url.startsWith('https://ok.sharepoint.com/'),
      put: async (url: string, body: Buffer) => {
        if (url.includes('fail')) throw new Error('503');
        puts.push({ url, body: body.toString('utf8') });
      },
    },
  } as unknown as BotDeps;
  const turn = { locale: 'sv', actor: { userId: 'u1' }, place: { kind: 'personal' } } as unknown as Turn;
  const r: Router = {
    log: () => log,
    turnOf: () => turn,
    run: async (rt) => {
      ran.push(rt as FileRoute);
      return refusal ?? {};
    },
  };
  registerFileConsent(app as never, [route], deps, r);
  const invoke = async (value: unknown, replyToId?: string) => {
    const sent: Record<string, unknown>[] = [];
    const deleted: string[] = [];
    const ctx = {
      activity: { type: 'invoke', name: 'fileConsent/invoke', value, replyToId },
      sendActivity: async (a: Record<string, unknown>) => void sent.push(a),
      deleteActivity: async (id: string) => void deleted.push(id),
    };
    expect(await selector!(ctx)).toBe(true);
    await handler!(ctx);
    return { sent, deleted };
  };
  return { invoke, puts, ran, produceArgs, selector: () => selector!, invokeFlag: () => invokeFlag };
}

const uploadInfo = (uploadUrl = 'https://ok.sharepoint.com/up') => ({
  name: 'a.csv',
  uploadUrl,
  contentUrl: 'https://ok.sharepoint.com/a.csv',
  uniqueId: 'u-1',
  fileType: 'csv',
});
const accepted = (over: Record<string, unknown> = {}) => ({
  type: 'fileUpload',
  action: 'accept',
  context: { file: 'export', args: { period: '2026' } },
  uploadInfo: uploadInfo(),
  ...over,
});
const texts = (sent: Record<string, unknown>[]) => sent.filter((a) => a['type'] === 'message').map((a) => a['text']);

describe('the file consent flow', () => {
  it('is an invoke route for fileConsent/invoke only', async () => {
    const f = consentApp({ body: 'x' });
    expect(f.invokeFlag()).toBe(true);
    expect(await f.selector()({ activity: { type: 'invoke', name: 'fileConsent/invoke' } })).toBe(true);
    expect(await f.selector()({ activity: { type: 'invoke', name: 'adaptiveCard/action' } })).toBe(false);
    expect(await f.selector()({ activity: { type: 'message', name: 'fileConsent/invoke' } })).toBe(false);
  });

  it('on accept produces the file again through the route, uploads it where Teams said, and posts the file card', async () => {
    const f = consentApp({ body: 'a;b\n1;2\n' });
    const { sent, deleted } = await f.invoke(accepted(), 'consent-card-1');
    expect(sent[0]).toEqual({ type: 'invokeResponse', value: { status: 200 } });
    expect(deleted).toEqual(['consent-card-1']);
    expect(f.ran.map((r) => r.file)).toEqual(['export']);
    expect(f.produceArgs).toEqual([{ period: '2026' }]);
    expect(f.puts).toEqual([{ url: 'https://ok.sharepoint.com/up', body: 'a;b\n1;2\n' }]);
    expect(sent[1]).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.card.file.info',
          contentUrl: 'https://ok.sharepoint.com/a.csv',
          name: 'a.csv',
          content: { uniqueId: 'u-1', fileType: 'csv' },
        },
      ],
    });
    expect(sent).toHaveLength(2);
  });

  it('a route that refuses the user: its refusal, nothing produced or uploaded', async () => {
    const f = consentApp({ body: 'hemligt' }, { reply: { message: { text: 'Det får du inte.' } } } as Answer);
    const { sent } = await f.invoke(accepted());
    expect(texts(sent)).toEqual(['Det får du inte.']);
    expect(f.produceArgs).toEqual([]);
    expect(f.puts).toEqual([]);
  });

  it('an upload address outside the allowed hosts, or none: nothing produced or uploaded, the user told', async () => {
    for (const value of [accepted({ uploadInfo: uploadInfo('https://evil.example/up') }), accepted({ uploadInfo: undefined })]) {
      const f = consentApp({ body: 'x' });
      const { sent } = await f.invoke(value);
      expect(texts(sent)).toEqual(['Filen kunde inte laddas upp. Försök igen om en stund.']);
      expect(lastLog()).toMatchObject({ level: 40, msg: 'file consent with an upload address that is not allowed' });
      expect(f.produceArgs).toEqual([]);
      expect(f.puts).toEqual([]);
    }
  });

  it('a file that can no longer be produced, and an upload that fails, are said so', async () => {
    const gone = consentApp(undefined);
    expect((await gone.invoke(accepted())).sent[1]).toEqual({
      type: 'message',
      text: 'Filen går inte längre att ta fram. Be om den på nytt.',
      textFormat: 'plain',
    });
    const failing = consentApp({ body: 'x' });
    const { sent } = await failing.invoke(accepted({ uploadInfo: uploadInfo('https://ok.sharepoint.com/fail') }));
    expect(texts(sent)).toEqual(['Filen kunde inte laddas upp. Försök igen om en stund.']);
    expect(lastLog()).toMatchObject({ level: 40, msg: 'file upload failed', err: { message: '503' } });
    expect(sent.some((a) => Array.isArray(a['attachments']))).toBe(false);
  });

  it('a decline removes the consent card and says so; nothing runs', async () => {
    const f = consentApp({ body: 'x' });
    const { sent, deleted } = await f.invoke(accepted({ action: 'decline' }), 'card-2');
    expect(deleted).toEqual(['card-2']);
    expect(sent[1]).toEqual({ type: 'message', text: 'Okej, ingen fil skickades.', textFormat: 'plain' });
    expect(f.ran).toEqual([]);
    expect(f.puts).toEqual([]);
  });

  it('an unknown file, a malformed answer or an over-long argument: answered 200, nothing else', async () => {
    const bad = [
      accepted({ context: { file: 'annat', args: {} } }),
      accepted({ type: 'other' }),
      accepted({ action: 'maybe' }),
      accepted({ context: { file: 'export', args: { a: 'x'.repeat(1001) } } }),
      accepted({ context: { file: '', args: {} } }),
      accepted({ context: { file: 'e'.repeat(61), args: {} } }),
      accepted({ uploadInfo: { ...uploadInfo(), uploadUrl: `https://ok.sharepoint.com/${'u'.repeat(4000)}` } }),
      accepted({ uploadInfo: { ...uploadInfo(), name: '' } }),
      undefined,
    ];
    for (const value of bad) {
      const f = consentApp({ body: 'x' });
      const { sent, deleted } = await f.invoke(value, 'card-3');
      expect(sent, JSON.stringify(value)?.slice(0, 80)).toEqual([{ type: 'invokeResponse', value: { status: 200 } }]);
      expect(deleted).toEqual([]);
      expect(f.ran).toEqual([]);
      expect(lastLog()).toMatchObject({ level: 40, msg: 'unknown file consent' });
    }
  });
});

describe('offering a file', () => {
  const offer = { file: 'export', args: { period: '2026' }, name: 'a.csv', description: 'Ärenden', sizeInBytes: 12 };

  it('is a consent card carrying the route and its arguments both ways', () => {
    expect(consentAttachment(offer)).toEqual({
      contentType: 'application/vnd.microsoft.teams.card.file.consent',
      name: 'a.csv',
      content: {
        description: 'Ärenden',
        sizeInBytes: 12,
        acceptContext: { file: 'export', args: { period: '2026' } },
        declineContext: { file: 'export', args: { period: '2026' } },
      },
    });
  });

  it('in a personal chat the card comes in the chat; from a channel it goes to the personal chat', async () => {
    const sent: unknown[] = [];
    const delivered: unknown[] = [];
    const ctx = { sendActivity: async (a: unknown) => void sent.push(a) };
    const deps = { notifier: { deliver: async (n: unknown) => (delivered.push(n), 'sent') } } as unknown as BotDeps;
    const personal = { actor: { userId: 'u1' }, place: { kind: 'personal' } } as unknown as Turn;
    await offerFiles(ctx as never, [offer, offer], deps, personal, log);
    expect(sent).toEqual([
      { type: 'message', attachments: [consentAttachment(offer)] },
      { type: 'message', attachments: [consentAttachment(offer)] },
    ]);
    expect(delivered).toEqual([]);
    const channel = { actor: { userId: 'u1' }, place: { kind: 'team' } } as unknown as Turn;
    await offerFiles(ctx as never, [offer], deps, channel, log);
    expect(sent).toHaveLength(2);
    expect(delivered).toEqual([{ to: { kind: 'user', userId: 'u1' }, message: { file: offer } }]);
    expect(lastLog()).toMatchObject({ level: 30, msg: 'file offered in the personal chat', result: 'sent' });
  });
});

describe('the upload itself', () => {
  it('PUTs the whole body with its content range and fails on an error status', async () => {
    const got: { method?: string; range?: string; type?: string; body: string }[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ method: req.method, range: req.headers['content-range'], type: req.headers['content-type'], body });
        res.statusCode = req.url === '/fail' ? 500 : 201;
        res.end();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const up = uploads(['127.0.0.1'], true);
      await up.put(`${base}/ok`, Buffer.from('åäö;1\n', 'utf8'));
      expect(got).toEqual([{ method: 'PUT', range: 'bytes 0-8/9', type: 'application/octet-stream', body: 'åäö;1\n' }]);
      await expect(up.put(`${base}/fail`, Buffer.from('x'))).rejects.toThrow('upload answered 500');
    } finally {
      server.close();
    }
  });
});
