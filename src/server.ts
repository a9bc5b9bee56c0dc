// HTTP: /api/messages into the adapter, /healthz for hosting probes. While shutting down the
// server refuses new activities (503, so Teams retries elsewhere) and lets running turns finish.
import restify from 'restify';
import type { Logger } from 'pino';

export interface ServerDeps {
  /** The Teams edge: authenticates and runs one activity, writing the HTTP response. */
  processActivity: (req: restify.Request, res: restify.Response) => Promise<void>;
  healthy: () => Promise<boolean>;
  /** Files offered in chat, by token. */
  download: (token: string) => { name: string; type: string; body: string } | undefined;
  log: Logger;
}

export interface BotServer {
  server: restify.Server;
  /** Stops taking activities and waits for the ones in flight. */
  drain(): Promise<void>;
}

export function createServer(deps: ServerDeps): BotServer {
  const server = restify.createServer({ name: 'avvikelseboten', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024, mapParams: false }));
  let draining = false;
  const inFlight = new Set<Promise<unknown>>();

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    if (draining) {
      res.send(503);
      return;
    }
    const work = deps.processActivity(req, res);
    inFlight.add(work);
    try {
      await work;
    } catch (err) {
      deps.log.error({ err }, 'activity processing failed');
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight.delete(work);
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const ok = !draining && (await deps.healthy());
    res.send(ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable' });
  });

  server.get('/downloads/:token', async (req: restify.Request, res: restify.Response) => {
    const file = deps.download(String(req.params['token'] ?? ''));
    if (!file) {
      res.send(404, { status: 'not found or expired' });
      return;
    }
    res.writeHead(200, {
      'content-type': `${file.type}; charset=utf-8`,
      'content-disposition': `attachment; filename="${file.name}"`,
      'cache-control': 'no-store',
    });
    res.end(file.body);
  });

  return {
    server,
    async drain() {
      draining = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
