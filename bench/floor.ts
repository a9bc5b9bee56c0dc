// Benchmark reference: the protocol floor. What any Teams bot must do for a message: read the
// activity's JSON, POST one reply to the connector (over a kept-alive connection), answer 200.
// No authentication, routing, store or cards: the least work the protocol needs.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (c: Buffer) => (raw += c.toString()));
  req.on('end', () => {
    const a = JSON.parse(raw) as { serviceUrl: string; conversation: { id: string }; id?: string; from: unknown; recipient: unknown };
    const reply = JSON.stringify({
      type: 'message',
      text: 'hej',
      from: a.recipient,
      recipient: a.from,
      conversation: a.conversation,
      replyToId: a.id,
    });
    const url = new URL(
      `v3/conversations/${encodeURIComponent(a.conversation.id)}/activities/${encodeURIComponent(a.id ?? '')}`,
      a.serviceUrl,
    );
    const out = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) } },
      (r) => {
        r.resume();
        r.on('end', () => {
          res.writeHead(200);
          res.end();
        });
      },
    );
    out.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    out.end(reply);
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
