// Replies, new messages and card updates to the Bot Connector over kept-alive connections, without
// the connector client's request pipeline. botbuilder's ConnectorClient runs every send through
// @azure/core-client (operation specs, a serializer that walks the Activity mapper, a dozen
// policies): that pipeline cost more CPU than the rest of a `hjälp` turn (npm run bench). This
// sender does what those three calls need on the wire, the way the connector client does it:
// the same URL and x-ms-conversation-id header, the same bearer token (the client's own
// credentials sign, and keep refreshing, it), and the same retries (429 after Retry-After, 5xx
// with backoff; up to three). A failure carries `statusCode` as the client's errors do, so the
// callers' handling of 403/404 (proactive.ts) is unchanged. Everything else (create
// conversation, members, deletes) still goes through the connector client.
import http from 'node:http';
import https from 'node:https';
import type { ConnectorClient } from 'botframework-connector';

/** One pool of kept-alive sockets per protocol, for every service URL. */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};
const RETRIES = 3;
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_WAIT_MS = 10_000;
const TIMEOUT_MS = 30_000;

/**
 * An answer from the connector that was not 2xx, shaped as the connector client's errors are
 * (`statusCode`, and the response's `retry-after` header), so callers read both the same way.
 */
export class ConnectorError extends Error {
  readonly response: { status: number; headers: { get(name: string): string | undefined } };
  constructor(
    readonly statusCode: number,
    retryAfter?: string,
  ) {
    super(`Bot Connector answered ${statusCode}`);
    this.name = 'ConnectorError';
    this.response = { status: statusCode, headers: { get: (name) => (name.toLowerCase() === 'retry-after' ? retryAfter : undefined) } };
  }
}

interface Signer {
  signRequest(request: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/** The Authorization header the client's credentials give (none when running anonymous). */
async function authorization(credentials: Signer | undefined): Promise<string | undefined> {
  let value: string | undefined;
  await credentials?.signRequest({ headers: { set: (name, v) => name.toLowerCase() === 'authorization' && (value = v) } });
  return value;
}

function once(
  url: URL,
  method: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string; retryAfter?: string }> {
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        agent: AGENTS[url.protocol as keyof typeof AGENTS],
        timeout: TIMEOUT_MS,
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, retryAfter: res.headers['retry-after'] }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('Bot Connector did not answer in time')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Retry-After in seconds or as an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface SenderOptions {
  sleep?: (ms: number) => Promise<void>;
}

export class ThinSender {
  private readonly sleep: (ms: number) => Promise<void>;
  constructor(
    private readonly serviceUrl: string,
    private readonly credentials: Signer | undefined,
    options: SenderOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Sends with the connector client's retries; resolves with the connector's JSON answer ({ id }). */
  async send(method: 'POST' | 'PUT', path: string, conversationId: string, activity: unknown): Promise<{ id?: string }> {
    const url = new URL(path, this.serviceUrl.endsWith('/') ? this.serviceUrl : `${this.serviceUrl}/`);
    const body = JSON.stringify(activity);
    for (let attempt = 0; ; attempt++) {
      const auth = await authorization(this.credentials);
      // As the connector client sends it; an id that is not a valid header value is encoded.
      const idHeader = /^[\x20-\x7e]*$/.test(conversationId) ? conversationId : encodeURIComponent(conversationId);
      const headers: Record<string, string> = { accept: '*/*', 'x-ms-conversation-id': idHeader };
      if (auth) headers['authorization'] = auth;
      const res = await once(url, method, body, headers);
      if (res.status >= 200 && res.status < 300) return res.text ? (JSON.parse(res.text) as { id?: string }) : {};
      if (!RETRY_STATUS.has(res.status) || attempt >= RETRIES) throw new ConnectorError(res.status, res.retryAfter);
      await this.sleep(Math.min(MAX_WAIT_MS, parseRetryAfter(res.retryAfter) ?? 250 * 2 ** attempt));
    }
  }
}

const activities = (conversationId: string, activityId?: string) =>
  `v3/conversations/${encodeURIComponent(conversationId)}/activities${activityId ? `/${encodeURIComponent(activityId)}` : ''}`;

type Conversations = ConnectorClient['conversations'];

/**
 * The connector client with its three hot calls (reply, send, update) on the thin sender; every
 * other call, and every other property, is the client's own.
 */
export function withThinSender(client: ConnectorClient, serviceUrl: string, options?: SenderOptions): ConnectorClient {
  let conversations: Conversations | undefined;
  const thin = (target: Conversations): Conversations => {
    const sender = new ThinSender(serviceUrl, (client as unknown as { credentials?: Signer }).credentials, options);
    const hot: Partial<Conversations> = {
      replyToActivity: ((conversationId: string, activityId: string, activity: unknown) =>
        sender.send('POST', activities(conversationId, activityId), conversationId, activity)) as Conversations['replyToActivity'],
      sendToConversation: ((conversationId: string, activity: unknown) =>
        sender.send('POST', activities(conversationId), conversationId, activity)) as Conversations['sendToConversation'],
      updateActivity: ((conversationId: string, activityId: string, activity: unknown) =>
        sender.send('PUT', activities(conversationId, activityId), conversationId, activity)) as Conversations['updateActivity'],
    };
    return new Proxy(target, {
      get: (t, prop, receiver) => (prop in hot ? hot[prop as keyof typeof hot] : Reflect.get(t, prop, receiver)),
    });
  };
  return new Proxy(client, {
    get: (target, prop, receiver) =>
      prop === 'conversations' ? (conversations ??= thin(target.conversations)) : Reflect.get(target, prop, receiver),
  });
}
