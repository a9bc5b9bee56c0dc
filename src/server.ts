// HTTP: /api/messages into the Teams edge, /healthz for hosting probes. Only JSON is read, into
// memory, up to a limit that fits any Teams activity: no parser that writes files, no form
// decoding. While shutting down the server refuses new activities (503, so Teams retries
// elsewhere) and lets running turns finish.
import restify from 'restify';
import type { Logger } from 'pino';

/** Teams activities, card submits included, are far below this; a pasted CSV too. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Idle connections stay open longer than a load balancer keeps them (60 s on common ones), so it
 * closes first: a server that closes first (Node's default is 5 s) races the balancer's next
 * request into a closing socket, which the caller sees as a 502. Headers may take a little longer.
 */
const KEEP_ALIVE_MS = 75_000;

export interface EdgeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ServerDeps {
  /** The Teams edge: authenticates and runs one activity, answering with status and body. */
  processActivity: (body: unknown, authorization: string) => Promise<EdgeResponse>;
  healthy: () => Promise<boolean>;
  log: Logger;
}

export interface BotServer {
  server: restify.Server;
  /** Stops taking activities and waits for the ones in flight. */
  drain(): Promise<void>;
}

class BodyError extends Error {
  constructor(readonly status: 400 | 413 | 415) {
    super(String(status));
  }
}

const isJson = (contentType: string | undefined) => /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? '');

/** The request body as parsed JSON, read with a size limit; throws BodyError with the status. */
async function readJson(req: restify.Request): Promise<unknown> {
  if (!isJson(req.headers['content-type'])) throw new BodyError(415);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new BodyError(413);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyError(413);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
  } catch {
    throw new BodyError(400);
  }
}

function reply(res: restify.Response, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createServer(deps: ServerDeps): BotServer {
  const server = restify.createServer({ name: 'avvikelseboten', handleUncaughtExceptions: false });
  server.server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  let draining = false;
  const inFlight = new Set<Promise<unknown>>();

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (draining) return reply(res, 503);
    const work = (async () => {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch (err) {
        if (err instanceof BodyError) {
          // Drop the rest of a refused upload without reading it into memory.
          if (err.status !== 400) req.resume();
          return reply(res, err.status);
        }
        throw err;
      }
      const answer = await deps.processActivity(body, String(req.headers['authorization'] ?? ''));
      reply(res, answer.status, answer.body, answer.headers);
    })();
    inFlight.add(work);
    try {
      await work;
    } catch (err) {
      // A client that went away mid-request is nothing that failed here.
      if (req.destroyed && (err as NodeJS.ErrnoException).code === 'ECONNRESET') deps.log.debug({ err }, 'client went away');
      else deps.log.error({ err }, 'activity processing failed');
      reply(res, 500);
    } finally {
      inFlight.delete(work);
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ok = !draining && (await deps.healthy());
    reply(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' });
  });

  return {
    server,
    async drain() {
      draining = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
