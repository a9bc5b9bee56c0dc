// Benchmark peer: answers the bot's outbound replies like the Bot Connector (201 + id), fast.
import http from 'node:http';

let n = 0;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(req.method === 'POST' && req.url === '/v3/conversations' ? 201 : req.method === 'PUT' ? 200 : 201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `a${++n}` }));
  });
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
