import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createServer, type BotServer } from './server.js';

function post(url: string, agent: http.Agent): Promise<{ status: number; reused: boolean; socket: import('node:net').Socket }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/messages`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, socket: req.socket! }));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('the HTTP server', () => {
  let bot: BotServer | undefined;
  afterEach(() => bot?.server.close());

  // A load balancer in front of several instances reuses idle connections for up to its own idle
  // timeout (60 s on common ones); a server that closes first makes it send into a closed socket,
  // which the caller sees as a 502. Node's default is 5 s.
  it('keeps an idle connection open longer than a load balancer keeps it', async () => {
    bot = createServer({
      processActivity: async () => ({ status: 200, body: {} }),
      healthy: async () => true,
      log: pino({ level: 'silent' }),
    });
    await new Promise<void>((r) => bot!.server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(bot.server.address() as AddressInfo).port}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await post(url, agent);
    await new Promise((r) => setTimeout(r, 6_000));
    expect(first.socket.destroyed).toBe(false);
    const second = await post(url, agent);
    expect([first.status, second.status, second.reused]).toEqual([200, 200, true]);
    expect(bot.server.server.keepAliveTimeout).toBeGreaterThan(60_000);
    agent.destroy();
  }, 15_000);
});
