// The region's provider register (issue 31.2), driven as Teams drives the bot: an admin pastes
// the register under `importera vårdgivare`; the report form offers what it lists, a unit's case
// reaches the unit's mottagare (and its provider's), a provider that leaves keeps its cases'
// names, a faulty file changes nothing, a restart and a second instance read the same register.
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { actionData } from './support/cards.js';
import { minimumReport } from './support/cases.js';
import { testToday } from './support/clock.js';
import { Harness, personal, type User } from './support/harness.js';
import { freshSchema } from './support/postgres.js';

const admin: User = { aadObjectId: 'aad-admin', name: 'Ada Admin' };
const unitReceiver: User = { aadObjectId: 'aad-unit', name: 'Ulla Enhet' };
const groupReceiver: User = { aadObjectId: 'aad-group', name: 'Gun Koncern' };
const nurse: User = { aadObjectId: 'aad-nurse', name: 'Nora' };
const roles = {
  'aad-admin': { roles: ['admin'] },
  'aad-unit': { roles: ['mottagare'], providers: ['exempel-rehab-boras'] },
  'aad-group': { roles: ['mottagare'], providers: ['exempel-rehab'] },
};
let example: string;
beforeAll(async () => {
  example = await readFile('data/examples/vardgivarregister.exempel.csv', 'utf8');
});

const lastCard = (h: Harness, u: User) => JSON.stringify(h.connector.cards(personal(u).conversationId).at(-1) ?? {});
/** The receivers the report form offers (its receiver choice set's values). */
async function offered(h: Harness): Promise<string[]> {
  await h.say(nurse, personal(nurse), 'ny avvikelse');
  const card = JSON.stringify(h.connector.cards(personal(nurse).conversationId).at(-1));
  const input = card.slice(card.indexOf('"id":"receiver"'));
  return [...input.slice(0, input.indexOf('"id":"', 20)).matchAll(/"value":"([^"]+)"/g)].map((m) => m[1]!);
}
const imported = (h: Harness) => h.bot.stores.register.get('current');

describe('importera vårdgivare', () => {
  let h: Harness;
  afterEach(() => h.stop());

  it('reads the example register; the form offers it; a unit’s case reaches the unit’s and its provider’s mottagare', async () => {
    h = await Harness.start({ roles });
    for (const u of [admin, unitReceiver, groupReceiver]) await h.install(u, personal(u));
    expect(await offered(h)).not.toContain('exempel-rehab-boras');
    await h.say(admin, personal(admin), `importera vårdgivare\n${example}`);
    expect(lastCard(h, admin)).toContain('Vårdgivarregistret är inläst med 69 vårdgivare och enheter.');
    expect(lastCard(h, admin)).toContain('Nya: 10. Ändrade: 1. Har lämnat registret: 0');
    expect(await offered(h)).toContain('exempel-rehab-boras');
    // Medtanken, in the catalogue before, now with its contract area and start: the one changed.
    const entry = h.bot.stores.audit.all().find((a) => a.action === 'register.import');
    expect(entry?.actor).toBe('aad-admin');
    expect(entry?.details).toMatchObject({ providers: 69, changed: ['medtanken'], retired: [] });

    const c = await h.report(nurse, minimumReport({ receiver: 'exempel-rehab-boras', eventDate: addDays(testToday, -1) }));
    expect(c?.report.receiver).toBe('exempel-rehab-boras');
    for (const u of [unitReceiver, groupReceiver])
      await h.connector.waitFor(() => h.connector.cards(personal(u).conversationId).some((x) => JSON.stringify(x).includes(c!.number)));

    // Kept in the store: a restart reads the same register.
    await h.restart({ roles });
    expect(await offered(h)).toContain('exempel-rehab-boras');
  });

  it('keeps a provider that leaves the register for its cases, and offers it no more', async () => {
    h = await Harness.start({ roles });
    await h.install(admin, personal(admin));
    const c = await h.report(nurse, minimumReport({ receiver: 'exempel-ogonklinik', eventDate: addDays(testToday, -1) }));
    expect(c).toBeUndefined(); // not in the shipped catalogue: the form refuses it
    await h.say(admin, personal(admin), `importera vårdgivare\n${example}`);
    const kept = await h.report(nurse, minimumReport({ receiver: 'exempel-ogonklinik', eventDate: addDays(testToday, -1) }));
    expect(kept).toBeDefined();
    const without = example
      .split('\n')
      .filter((l) => !l.startsWith('exempel-ogonklinik;'))
      .join('\n');
    await h.say(admin, personal(admin), `importera vårdgivare\n${without}`);
    expect(lastCard(h, admin)).toContain('Har lämnat registret: 1');
    expect(lastCard(h, admin)).toContain('Ögonspecialisterna (exempel)');
    expect(await offered(h)).not.toContain('exempel-ogonklinik');
    expect(imported(h)!.providers.find((p) => p.id === 'exempel-ogonklinik')?.retired).toBe(testToday);
    // Its case still names it, for its reporter.
    await h.say(nurse, personal(nurse), 'mina avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(nurse).conversationId).slice(-2))).toContain('Ögonspecialisterna');
    // A forged report to it is refused on the form, nothing stored.
    const count = h.bot.stores.cases.all().length;
    expect(await h.report(nurse, minimumReport({ receiver: 'exempel-ogonklinik', eventDate: addDays(testToday, -1) }))).toBeUndefined();
    expect(h.bot.stores.cases.all()).toHaveLength(count);
  });

  it('changes nothing on a faulty file and names the line; refuses a user who is not admin, audited', async () => {
    h = await Harness.start({ roles: { ...roles, 'aad-nurse': { roles: ['handlaggare', 'teamledare'], providers: ['*'] } } });
    await h.install(admin, personal(admin));
    const faulty = example.replace(/^(exempel-rehab-uddevalla;)[^;]*/m, '$1SE1');
    await h.say(admin, personal(admin), `importera vårdgivare\n${faulty}`);
    const line = example.split('\n').findIndex((l) => l.startsWith('exempel-rehab-uddevalla;')) + 1;
    expect(lastCard(h, admin)).toContain('Inget är inläst.');
    expect(lastCard(h, admin)).toContain(`Rad ${line}: ogiltigt värde i kolumnen hsa-id`);
    expect(imported(h)).toBeUndefined();
    expect(await offered(h)).not.toContain('exempel-rehab');

    await h.say(nurse, personal(nurse), `importera vårdgivare\n${example}`);
    expect(h.connector.texts(personal(nurse).conversationId).at(-1)).toContain('Vårdgivarregistret läses in av en administratör');
    expect(imported(h)).toBeUndefined();
    expect(h.bot.stores.audit.all().some((a) => a.action === 'refused' && a.actor === 'aad-nurse')).toBe(true);

    // Without the register: how to write it.
    await h.say(admin, personal(admin), 'importera vårdgivare');
    expect(h.connector.texts(personal(admin).conversationId).at(-1)).toContain('vardgivarregister.exempel.csv');
  });
});

describe('the register on several instances (PostgreSQL)', () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    schema = await freshSchema('register');
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await schema.drop();
  });

  it('an import on one instance counts on the other from its next turn', async () => {
    const env = { STORE: 'postgres', DATABASE_URL: schema.url };
    a = await Harness.start({ roles, env });
    b = await Harness.start({ roles, env: { ...env, INSTANCE_ID: 'b' } });
    await a.install(admin, personal(admin));
    expect(await offered(b)).not.toContain('exempel-vardcentral-majorna');
    await a.say(admin, personal(admin), `importera vårdgivare\n${example}`);
    expect(lastCard(a, admin)).toContain('inläst med 69');
    expect(await offered(b)).toContain('exempel-vardcentral-majorna');
    const form = b.connector.cards(personal(nurse).conversationId).at(-1);
    expect(actionData(form, 'avvikelse.skicka')).toBeDefined();
  });
});
