// A local stand-in for the Bot Connector service: records every activity the bot sends or
// updates, answers like Teams, and can be told to fail (e.g. 429 with Retry-After, 403).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEAMS_MESSAGE_BYTES } from '../../src/teams/replies.js';

export interface Recorded {
  method: 'send' | 'update' | 'create' | 'delete';
  conversationId: string;
  activityId?: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Failure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class FakeConnector {
  readonly recorded: Recorded[] = [];
  /** Sizes of the messages refused as too large (413), as Teams refuses them. */
  readonly refusedTooLarge: number[] = [];
  /** Files the bot uploaded (PUT /upload/<name>), as Teams' OneDrive upload URL receives them. */
  readonly uploads = new Map<string, { body: string; range: string | undefined }>();
  private readonly failures = new Map<string, Failure[]>();
  private server!: http.Server;
  private counter = 0;
  /** TCP connections the bot opened to us: few when it keeps its connections alive. */
  connections = 0;
  /**
   * After this many messages sent (POST activities), hold the next ones unanswered until
   * release(): a message counts as delivered only once answered, as Teams acknowledges it, and
   * a held one whose sender died (its connection closed) is never delivered.
   */
  private holdAt: number | undefined;
  private held: (() => void)[] = [];
  private sends = 0;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', () => this.connections++);
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** The next `count` requests to open a conversation fail (as a tenant that refuses the bot). */
  failCreate(count: number): void {
    this.createFailures = count;
  }
  private createFailures = 0;

  /**
   * Answers each message this long after it arrived, as Teams takes its time: the message is
   * delivered on arrival, so a sender that dies meanwhile never hears it went (a duplicate if
   * it is sent again).
   */
  answerAfter(ms: number): void {
    this.latencyMs = ms;
  }
  private latencyMs = 0;

  holdAfter(sends: number): void {
    this.holdAt = sends;
  }

  /** Answers the held messages whose senders are still there, and stops holding. */
  release(): void {
    this.holdAt = undefined;
    for (const answer of this.held.splice(0)) answer();
  }

  /** The next sends to this conversation fail with these answers, in order. */
  failNext(conversationId: string, ...failures: Failure[]): void {
    this.failures.set(conversationId, [...(this.failures.get(conversationId) ?? []), ...failures]);
  }

  sentTo(conversationId: string): Recorded[] {
    return this.recorded.filter((r) => r.conversationId === conversationId);
  }

  /** Adaptive cards the bot sent or updated, in order. */
  cards(conversationId?: string): Record<string, unknown>[] {
    return this.recorded
      .filter((r) => !conversationId || r.conversationId === conversationId)
      .flatMap((r) => (r.body['attachments'] as { contentType: string; content: Record<string, unknown> }[] | undefined) ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content);
  }

  /** File consent cards the bot sent (their content: description, size, contexts). */
  consents(conversationId?: string): { name: string; content: Record<string, unknown> }[] {
    return this.recorded
      .filter((r) => !conversationId || r.conversationId === conversationId)
      .flatMap(
        (r) => (r.body['attachments'] as { contentType: string; name: string; content: Record<string, unknown> }[] | undefined) ?? [],
      )
      .filter((a) => a.contentType === 'application/vnd.microsoft.teams.card.file.consent');
  }

  texts(conversationId?: string): string[] {
    return this.recorded
      .filter((r) => !conversationId || r.conversationId === conversationId)
      .map((r) => r.body['text'])
      .filter((t): t is string => typeof t === 'string');
  }

  async waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (!predicate()) {
      if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for the connector');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = decodeURIComponent(req.url ?? '');
      const upload = url.match(/^\/upload\/([^/]+)$/);
      if (upload && req.method === 'PUT') {
        this.uploads.set(upload[1]!, { body: raw, range: req.headers['content-range'] });
        return this.json(res, 201, { id: upload[1] });
      }
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const send = url.match(/^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/);
      if (req.method === 'POST' && url === '/v3/conversations' && this.createFailures > 0) {
        this.createFailures--;
        return this.json(res, 403, { error: { code: 'Forbidden', message: 'fake' } });
      }
      if (req.method === 'POST' && url === '/v3/conversations') {
        const id = `created-${++this.counter}`;
        this.recorded.push({ method: 'create', conversationId: id, body, at: Date.now() });
        return this.json(res, 201, { id });
      }
      if (send) {
        const conversationId = send[1]!;
        const queue = this.failures.get(conversationId);
        const failure = queue?.shift();
        if (failure) {
          res.writeHead(failure.status, { 'content-type': 'application/json', ...(failure.headers ?? {}) });
          res.end(JSON.stringify(failure.body ?? { error: { code: 'Failure', message: 'fake' } }));
          return;
        }
        if (req.method === 'DELETE') {
          this.recorded.push({ method: 'delete', conversationId, activityId: send[2], body: {}, at: Date.now() });
          return this.json(res, 200, {});
        }
        const isUpdate = req.method === 'PUT';
        // As Teams does: a message over its size limit is refused, nothing is delivered.
        if (Buffer.byteLength(raw) > TEAMS_MESSAGE_BYTES) {
          this.refusedTooLarge.push(Buffer.byteLength(raw));
          return this.json(res, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
        }
        const deliver = () => {
          // The sender is gone (killed while waiting): nothing was delivered.
          if (res.destroyed || req.socket.destroyed) return;
          this.recorded.push({ method: isUpdate ? 'update' : 'send', conversationId, activityId: send[2], body, at: Date.now() });
          this.json(res, isUpdate ? 200 : 201, { id: isUpdate ? send[2] : `act-${++this.counter}` });
        };
        if (!isUpdate && this.holdAt !== undefined && this.sends >= this.holdAt) return void this.held.push(deliver);
        if (!isUpdate) this.sends++;
        if (this.latencyMs && !isUpdate) {
          const id = `act-${++this.counter}`;
          this.recorded.push({ method: 'send', conversationId, body, at: Date.now() });
          setTimeout(() => !res.destroyed && this.json(res, 201, { id }), this.latencyMs);
          return;
        }
        return deliver();
      }
      this.json(res, 404, { error: { code: 'NotFound', message: url } });
    });
  }

  private json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}
