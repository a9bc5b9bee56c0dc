// The flooder of the refused-actions scenario (run.ts), in a process of its own: a user with no
// role sends forged invokes (a step on a case) as fast as 10 connections allow. It says it is
// ready, floods for BENCH_SECONDS and sends back what it measured.
import { randomUUID } from 'node:crypto';
import { activity, load } from './load.js';

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
process.send!(await load(url, forged, Number(process.env['BENCH_SECONDS'] ?? 8)));
