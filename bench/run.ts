// npm run bench: one run, this machine, load from autocannon against
//   1. a bare restify hello-world server (the baseline),
//   2. the bot's hjälp, indikator and mina avvikelser through /api/messages incl. the reply,
//   3. a deviation submit (a new case per request),
// each on an empty and on a 10-year store (npm run seed). Prints requests/s, p50/p99, the ratio
// to the baseline, the longest event-loop stall, cold start, RSS and reminder planning time,
// and writes everything to bench/results/latest.json. Targets are reported, not asserted.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';

const DURATION = Number(process.env['BENCH_SECONDS'] ?? 8);
const CONNECTIONS = 10;

function start(script: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ child, info: info as Record<string, unknown> }));
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

function ask(child: ChildProcess, cmd: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as Record<string, unknown>));
    child.send({ cmd });
  });
}

interface Load {
  url: string;
  body: () => string;
}

async function load({ url, body }: Load) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const activity = (connector: string, extra: Record<string, unknown>) =>
  JSON.stringify({
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl: connector,
    locale: 'sv-SE',
    from: { id: '29:bench', aadObjectId: 'bench-user', name: 'Bench' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:bench', conversationType: 'personal', tenantId: 't' },
    channelData: { tenant: { id: 't' } },
    ...extra,
  });

const today = new Date().toISOString().slice(0, 10);
const submit = () => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  replyToId: 'card',
  value: {
    action: {
      type: 'Action.Execute',
      // "Register as a new case": every request registers a case (the plain submit would stop
      // at the duplicate hint, since all bench reports share receiver, category and date).
      verb: 'avvikelse.skapa-ny',
      data: {
        formId: randomUUID(), kind: 'avvikelse', eventDate: today, reporterUnit: 'boras', receiver: 'sahlgrenska', category: 'ordination',
        cause: 'rutin-saknas', consequence: 'risk', severity: '1', description: `Bänktest ${randomUUID()} av en rapport.`, immediateAction: 'Inget.', dialogue: 'ja',
      },
    },
  },
});

const results: Record<string, unknown> = { date: new Date().toISOString(), durationSeconds: DURATION, connections: CONNECTIONS, node: process.version };
const work = await mkdtemp(path.join(tmpdir(), 'bench-'));
try {
  const connector = await start('bench/connector.ts');
  const connectorUrl = `http://127.0.0.1:${String(connector.info['port'])}/`;

  const baseline = await start('bench/baseline.ts');
  const base = await load({ url: `http://127.0.0.1:${String(baseline.info['port'])}/hello`, body: () => '{"hello":"world"}' });
  baseline.child.kill();
  results['baseline'] = base;
  console.log(`baseline restify hello-world: ${base.rps} req/s, p50 ${base.p50} ms, p99 ${base.p99} ms`);

  const seeded = path.join(work, 'tenyears');
  console.log('seeding a 10-year store…');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/seed.ts', '--years', '10', '--data-dir', seeded], { stdio: 'inherit' });

  for (const [storeName, dataDir] of [['empty', path.join(work, 'empty')], ['10 years', seeded]] as const) {
    const bot = await start('bench/bot.ts', { DATA_DIR: dataDir });
    const url = `${String(bot.info['url'])}/api/messages`;
    const store: Record<string, unknown> = { coldStartMs: bot.info['coldStartMs'], rssAfterStartMB: bot.info['rssMB'], cases: bot.info['cases'] };
    console.log(`\n${storeName} store: ${String(bot.info['cases'])} cases, cold start ${String(bot.info['coldStartMs'])} ms, RSS ${String(bot.info['rssMB'])} MB`);
    for (const [name, body] of [
      ['hjälp', () => activity(connectorUrl, { type: 'message', text: 'hjälp' })],
      ['indikator', () => activity(connectorUrl, { type: 'message', text: 'indikator vardgaranti-pv-3dagar för Borås' })],
      ['mina avvikelser', () => activity(connectorUrl, { type: 'message', text: 'mina avvikelser' })],
      ['submit', () => activity(connectorUrl, submit())],
    ] as const) {
      await ask(bot.child, 'reset');
      const r = await load({ url, body });
      const stats = await ask(bot.child, 'stats');
      const row = { ...r, ratioToBaseline: Math.round((100 * r.rps) / base.rps) / 100, maxEventLoopStallMs: stats['maxStallMs'], rssMB: stats['rssMB'] };
      store[name] = row;
      console.log(`  ${name.padEnd(16)} ${String(r.rps).padStart(6)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  ${row.ratioToBaseline}× baseline  max stall ${String(stats['maxStallMs'])} ms  RSS ${String(stats['rssMB'])} MB  errors ${r.errors}`);
    }
    const plan = await ask(bot.child, 'plan');
    store['reminderPlanning'] = plan;
    console.log(`  planning reminders: ${String(plan['planned'])} in ${String(plan['planMs'])} ms`);
    results[storeName] = store;
    bot.child.send({ cmd: 'stop' });
    await new Promise((r) => bot.child.once('exit', r));
  }
  connector.child.kill();
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/latest.json', JSON.stringify(results, null, 2));
  console.log('\nresults: bench/results/latest.json');
} finally {
  await rm(work, { recursive: true, force: true });
}
