// While PostgreSQL is away (issue 29.6): a turn that needs it answers 503 with Retry-After, which
// monitoring and Teams read as "try again", not botbuilder's 501 ("not implemented"); a fault of
// ours stays 500. A cluster of the test's own, stopped and started again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimumReport } from './support/cases.js';
import { Harness, personal, type User } from './support/harness.js';
import { canMakeCluster, makeCluster, type Cluster } from './support/cluster.js';

const nurse: User = { aadObjectId: 'aad-nurse', name: 'Nora' };
const form = (formId: string) => ({ formId, ...minimumReport({ eventDate: '2026-11-20' }) });

describe.runIf(canMakeCluster)('a PostgreSQL outage (issue 29.6)', () => {
  let cluster: Cluster;
  let h: Harness;
  beforeAll(async () => {
    cluster = await makeCluster();
    h = await Harness.start({ env: { STORE: 'postgres', DATABASE_URL: cluster.url, PG_CONNECT_TIMEOUT_MS: '1000' } });
    await h.install(nurse, personal(nurse));
  }, 60_000);
  afterAll(async () => {
    await h?.stop().catch(() => undefined);
    await cluster?.remove();
  });

  const submit = (formId: string) =>
    fetch(`${h.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        h.activity(nurse, personal(nurse), {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: 'avvikelse.skicka', data: form(formId) }, trigger: 'manual' },
        }),
      ),
    });

  it('answers 503 with Retry-After while the database is down, and stores the report once it is back', async () => {
    await cluster.stop();
    const down = await submit('00000000-0000-4000-8000-000000002906');
    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    await cluster.start();
    let back = 0;
    for (let i = 0; i < 20 && back !== 200; i++) {
      back = (await submit('00000000-0000-4000-8000-000000002906')).status;
      if (back !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(back).toBe(200);
    expect(h.bot.stores.cases.all().filter((c) => c.formId === '00000000-0000-4000-8000-000000002906')).toHaveLength(1);
  }, 60_000);
});
