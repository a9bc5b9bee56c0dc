// Benchmark peer: answers the bot's outbound replies like the Bot Connector (201 + id), fast,
// and keeps when each message to a conversation arrived, for the reminder delivery figures.
import http from 'node:http';

let n = 0;
let arrivals = new Map<string, number[]>();

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const send = req.method === 'POST' && (req.url ?? '').match(/^\/v3\/conversations\/([^/]+)\/activities/);
    if (send) {
      const conversation = decodeURIComponent(send[1]!);
      const list = arrivals.get(conversation) ?? [];
      list.push(Date.now());
      arrivals.set(conversation, list);
    }
    res.writeHead(req.method === 'POST' && req.url === '/v3/conversations' ? 201 : req.method === 'PUT' ? 200 : 201, {
      'content-type': 'application/json',
    });
    res.end(JSON.stringify({ id: `a${++n}` }));
  });
});

/** The most arrivals in any window of `ms` (sliding over arrival times). */
function maxIn(times: number[], ms: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

process.on('message', (m: { cmd: string; prefix?: string }) => {
  if (m.cmd === 'reset') {
    arrivals = new Map();
    process.send?.({ ok: true });
  }
  if (m.cmd === 'arrivals') {
    const mine = [...arrivals].filter(([c]) => c.startsWith(m.prefix ?? ''));
    const all = mine.flatMap(([, t]) => t).sort((a, b) => a - b);
    process.send?.({
      total: all.length,
      conversations: mine.length,
      perConversation: mine.map(([, t]) => t.length),
      firstAt: all[0],
      lastAt: all.at(-1),
      maxPerSecond: maxIn(all, 1000),
      maxPerSecondOneConversation: Math.max(0, ...mine.map(([, t]) => maxIn(t, 1000))),
    });
  }
});

server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as { port: number }).port }));
