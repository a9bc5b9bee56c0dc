// The load every bench scenario sends: autocannon with 10 connections, each request an activity
// as Teams sends it (a fresh id every time), and the row a scenario reports.
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export const CONNECTIONS = 10;

export type Row = { rps: number; p50: number; p99: number; errors: number };

export async function load(url: string, body: () => string, seconds: number, rate?: number): Promise<Row> {
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

export interface Who {
  user?: string;
  channel?: boolean;
}
export const activity = (connector: string, extra: Record<string, unknown>, who: Who = {}) =>
  JSON.stringify({
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector,
    locale: 'sv-SE',
    from: { id: `29:${who.user ?? 'bench-user'}`, aadObjectId: who.user ?? 'bench-user', name: 'Bench' },
    recipient: { id: '28:bot' },
    conversation: who.channel
      ? { id: '19:bench@thread.tacv2', conversationType: 'channel', tenantId: 't' }
      : { id: `a:${who.user ?? 'bench'}`, conversationType: 'personal', tenantId: 't' },
    channelData: who.channel
      ? { tenant: { id: 't' }, team: { id: 'team' }, channel: { id: '19:bench@thread.tacv2' } }
      : { tenant: { id: 't' } },
    ...extra,
  });
