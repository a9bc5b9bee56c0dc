// The flooder of the refused-actions scenario (run.ts), in a process of its own: a user with no
// role sends forged invokes (a step on a case), 1 500 a second by default (BENCH_FLOOD_RATE):
// issue 12's 15 000 forged invokes over ten seconds, the rate its 2.7x was measured at. As fast
// as 10 connections go (BENCH_FLOOD_RATE=0) measures this 2-core machine more than the bot: the
// flooder's own process takes a core. It says it is ready, floods for BENCH_SECONDS and sends
// back what it measured.
import { randomUUID } from 'node:crypto';
import { setPriority } from 'node:os';
import { activity, load } from './load.js';

// An attacker is another machine: on this one the flooder yields the CPU to the bot first.
setPriority(19);
const url = process.env['BENCH_URL']!;
const connector = process.env['BENCH_CONNECTOR']!;
const forged = () =>
  activity(
    connector,
    {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'arende.steg', data: { caseId: randomUUID(), to: '5', comment: 'x' } } },
    },
    { user: 'bench-forger' },
  );
process.send!({ ready: true });
const rate = Number(process.env['BENCH_FLOOD_RATE'] ?? 1_500);
process.send!(await load(url, forged, Number(process.env['BENCH_SECONDS'] ?? 8), rate > 0 ? rate : undefined));
