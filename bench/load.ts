// The load every bench scenario sends, each request an activity as Teams sends it (a fresh id
// every time), and the row a scenario reports. As fast as it goes: autocannon with 10
// connections. At a rate: evenly spaced requests (paced() below), because autocannon's rate
// sends each connection's share of a second back to back when the second starts: "50 req/s"
// arrived as a burst of 50 every second, which measured queueing behind the burst, not a pace.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import autocannon from 'autocannon';

export const CONNECTIONS = 10;

export type Row = { rps: number; p50: number; p99: number; errors: number };

export async function load(url: string, body: () => string, seconds: number, rate?: number): Promise<Row> {
  if (rate) return paced(url, body, seconds, rate);
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

/**
 * `rate` requests a second for `seconds`, one every 1/rate s on a fixed schedule (a late timer
 * sends what is due at once), over at most CONNECTIONS kept-alive connections. Open loop: a slow
 * answer does not delay the next request, and a request's time counts from when it was due to
 * be sent until its response ended, so waiting for a free connection counts against the bot.
 */
async function paced(url: string, body: () => string, seconds: number, rate: number): Promise<Row> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const payload = body();
      const req = http.request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode !== undefined && res.statusCode >= 300) errors++;
            latencies.push(performance.now() - due);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  const interval = 1000 / rate;
  const total = Math.round(seconds * rate);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total;) {
    const now = performance.now();
    for (; i < total && start + i * interval <= now; i++) inFlight.push(send(start + i * interval));
    if (i < total) await new Promise((r) => setTimeout(r, Math.max(0, start + i * interval - performance.now())));
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  // Whole milliseconds, as autocannon reports them.
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0);
  return { rps: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99), errors };
}

/** How many people the load comes from, each in a personal chat of their own. */
export const PEOPLE = 64;

/**
 * Who sends an activity: one named `user`, or else the next of PEOPLE people named
 * `${people}-0` … (officers by default), in turn. In a channel every post is the root of a
 * new thread, as Teams sends it: `;messageid=<the post's id>` in the conversation id.
 */
export interface Who {
  user?: string;
  people?: string;
  channel?: boolean;
}
let turn = 0;
let post = Date.now();
export const activity = (connector: string, extra: Record<string, unknown>, who: Who = {}) => {
  const user = who.user ?? `${who.people ?? 'bench-officer'}-${turn++ % PEOPLE}`;
  const channel = '19:bench@thread.tacv2';
  return JSON.stringify({
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector,
    locale: 'sv-SE',
    from: { id: `29:${user}`, aadObjectId: user, name: 'Bench' },
    recipient: { id: '28:bot' },
    conversation: who.channel
      ? { id: `${channel};messageid=${post++}`, conversationType: 'channel', tenantId: 't' }
      : { id: `a:${user}`, conversationType: 'personal', tenantId: 't' },
    channelData: who.channel ? { tenant: { id: 't' }, team: { id: 'team' }, channel: { id: channel } } : { tenant: { id: 't' } },
    ...extra,
  });
};
