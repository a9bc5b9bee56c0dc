import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectorClient } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, parseRetryAfter, ThinSender, withThinSender } from './sender.js';

/** A Bot Connector that records each request and answers with the statuses queued, then 201. */
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
const queue: { status: number; headers?: Record<string, string> }[] = [];
let sockets = 0;
let base = '';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const next = queue.shift();
    res.writeHead(next?.status ?? 201, { 'content-type': 'application/json', ...next?.headers });
    res.end(next ? '{"error":{"code":"x"}}' : JSON.stringify({ id: `sent-${seen.length}` }));
  });
});
server.on('connection', () => sockets++);

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const signer = {
  signRequest: async (req: { headers: { set(n: string, v: string): void } }) => req.headers.set('Authorization', 'Bearer tok'),
};
const reset = () => {
  seen.length = 0;
  queue.length = 0;
};

describe('ThinSender', () => {
  it('posts the activity as the connector client does, signed, over one kept-alive connection', async () => {
    reset();
    const before = sockets;
    const sender = new ThinSender(base, signer);
    for (let i = 0; i < 5; i++)
      expect(await sender.send('POST', 'v3/conversations/a%3A1/activities/act-1', 'a:1', { type: 'message', text: `hej ${i}` })).toEqual({
        id: `sent-${i + 1}`,
      });
    expect(sockets - before).toBe(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/v3/conversations/a%3A1/activities/act-1',
      headers: { authorization: 'Bearer tok', 'x-ms-conversation-id': 'a:1', 'content-type': 'application/json; charset=utf-8' },
    });
    expect(JSON.parse(seen[4]!.body)).toEqual({ type: 'message', text: 'hej 4' });
  });

  it('sends no Authorization header when the credentials give none (anonymous, local)', async () => {
    reset();
    await new ThinSender(base, { signRequest: async () => undefined }).send('PUT', 'v3/conversations/c/activities/x', 'c', {});
    expect(seen[0]!.method).toBe('PUT');
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  it('retries 429 after Retry-After and 5xx with backoff, three times at most, then fails with the status', async () => {
    reset();
    const slept: number[] = [];
    const sender = new ThinSender(base, signer, { sleep: async (ms) => void slept.push(ms) });
    queue.push({ status: 429, headers: { 'Retry-After': '2' } }, { status: 503 }, { status: 502 });
    expect(await sender.send('POST', 'v3/conversations/c/activities', 'c', {})).toEqual({ id: 'sent-4' });
    expect(slept).toEqual([2000, 500, 1000]);

    reset();
    slept.length = 0;
    queue.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503, headers: { 'Retry-After': '7' } });
    const err = await sender.send('POST', 'v3/conversations/c/activities', 'c', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ statusCode: 503, response: { status: 503 } });
    expect((err as ConnectorError).response.headers.get('Retry-After')).toBe('7');
    expect(seen).toHaveLength(4);
    expect(slept).toEqual([250, 500, 1000]);
  });

  it('does not retry 403 or 404: the bot may no longer post there', async () => {
    for (const status of [403, 404]) {
      reset();
      queue.push({ status });
      const err = await new ThinSender(base, signer, { sleep: async () => undefined })
        .send('POST', 'v3/conversations/c/activities', 'c', {})
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ statusCode: status });
      expect(seen).toHaveLength(1);
    }
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    ['0', 0],
    ['Mon, 30 Nov 2026 10:00:05 GMT', 5000],
    ['Mon, 30 Nov 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('reads %s as %s ms', (header, ms) => {
    expect(parseRetryAfter(header, Date.parse('2026-11-30T10:00:00Z'))).toBe(ms);
  });
});

describe('withThinSender', () => {
  it('sends replies, new messages and updates itself and leaves every other call to the client', async () => {
    reset();
    const members = async () => [{ id: 'm' }];
    const client = { credentials: signer, conversations: { getConversationMembers: members } } as unknown as ConnectorClient;
    const thin = withThinSender(client, base);
    await thin.conversations.replyToActivity('a:1', 'act 1', { type: 'message' });
    await thin.conversations.sendToConversation('a:1', { type: 'message' });
    await thin.conversations.updateActivity('a:1', 'act-2', { type: 'message' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /v3/conversations/a%3A1/activities/act%201',
      'POST /v3/conversations/a%3A1/activities',
      'PUT /v3/conversations/a%3A1/activities/act-2',
    ]);
    expect(seen.every((s) => s.headers.authorization === 'Bearer tok')).toBe(true);
    expect(thin.conversations.getConversationMembers).toBe(members);
    expect(thin.conversations).toBe(thin.conversations);
  });
});
