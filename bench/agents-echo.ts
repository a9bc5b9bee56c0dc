// Benchmark reference: the Microsoft 365 Agents SDK's echo (@microsoft/agents-hosting, a
// devDependency of the bench only). Its CloudAdapter with no app id (anonymous, as the bot's
// tests), on node:http with the small request/response shape the SDK asks for, one text reply.
import http from 'node:http';
import { CloudAdapter } from '@microsoft/agents-hosting';

const adapter = new CloudAdapter();
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const request = { body: JSON.parse(raw) as unknown, headers: req.headers, method: req.method, url: req.url };
    const response = Object.assign(res, {
      status(code: number) {
        res.statusCode = code;
        return response;
      },
      send(body?: unknown) {
        if (!res.headersSent && body !== undefined && typeof body !== 'string') res.setHeader('content-type', 'application/json');
        res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
        return response;
      },
    });
    void adapter
      .process(request as never, response as never, async (context) => {
        if (context.activity.type === 'message') await context.sendActivity('hej');
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
