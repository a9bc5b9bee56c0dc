import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, swedishDate } from '../src/core/clock.js';
import { loadReference, type Reference } from '../src/core/refdata.js';
import { generateCases } from '../src/seed/dataset.js';
import { boardReport, parsePeriod, statistics } from '../src/statistics/aggregate.js';
import { casesCsv, CASE_COLUMNS } from '../src/statistics/export.js';
import { dueForRetention } from '../src/cases/retention.js';
import { newestFirst, type Case } from '../src/cases/model.js';
import { isOverdue } from '../src/cases/rules/index.js';
import { Harness, personal, type User } from './support/harness.js';
import { sv } from '../src/core/i18n/sv.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { actionData, cardProblems } from './support/cards.js';

const member: User = { aadObjectId: 'aad-m', name: 'Mia' };
let ref: Reference;
let dataset: Omit<Case, 'version'>[];
let h: Harness;
let clock: ManualClock;

beforeAll(async () => {
  ref = await loadReference('data/reference');
  dataset = generateCases(ref, { seed: 7, from: '2025-01-01', days: 690, perDay: 1.3 });
});
// Each test its own bot, store and clock: none depends on what another moved.
beforeEach(async () => {
  clock = new ManualClock(new Date('2026-11-23T09:00:00Z'));
  h = await Harness.start({ clock });
  await h.bot.stores.cases.putMany(dataset);
}, 120_000);
afterEach(async () => h.stop());

/** Independent of src/statistics: straight from the stored records. */
function countBy(cases: readonly Case[], from: string, to: string, key: (c: Case) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of cases) {
    const d = swedishDate(new Date(c.createdAt));
    if (d < from || d > to || c.report.kind !== 'avvikelse') continue;
    out[key(c)] = (out[key(c)] ?? 0) + 1;
  }
  return out;
}

function factsOf(card: unknown, sectionTitle: string): Record<string, string> {
  const section = (card as { body: { items?: { type: string; text?: string; facts?: { title: string; value: string }[] }[] }[] }).body.find(
    (b) => b.items?.[0]?.text === sectionTitle,
  );
  return Object.fromEntries((section?.items?.find((i) => i.type === 'FactSet')?.facts ?? []).map((f) => [f.title, f.value]));
}

describe('statistics on a generated dataset', () => {
  it('splits private providers by direction as the others, and counts by agreement, as the store says (issue 32.3)', async () => {
    await h.say(member, personal(member), 'statistik 2026-K2 VGR');
    const card = h.connector.cards().at(-1)!;
    const cases = h.bot.stores.cases.all();
    const byDirection = countBy(cases, '2026-04-01', '2026-06-30', (c) => sv[`direction.${c.report.direction}`]);
    expect(byDirection['kommun → privat vårdgivare']).toBeGreaterThan(0);
    const shown = factsOf(card, 'Avvikelser per riktning');
    expect(shown).toEqual(Object.fromEntries(Object.entries(byDirection).map(([k, v]) => [k, String(v)])));
    expect(Object.keys(shown)).not.toContain(sv['direction.privat']);
    const byAgreement = countBy(
      cases,
      '2026-04-01',
      '2026-06-30',
      (c) => ref.agreements.find((a) => a.id === c.report.agreement)?.sv ?? 'Ingen överenskommelse angiven',
    );
    expect(factsOf(card, 'Avvikelser per överenskommelse')).toEqual(
      Object.fromEntries(Object.entries(byAgreement).map(([k, v]) => [k, String(v)])),
    );
    // Who reports (000_…: "ibland enhetschefer, medarbetare och MAS, ibland enbart MAS").
    const byRole = countBy(cases, '2026-04-01', '2026-06-30', (c) =>
      c.report.reporterRole ? sv[`reporterRole.${c.report.reporterRole}`] : 'Inte angivet',
    );
    expect(Object.keys(byRole).sort()).toEqual(['Enhetschef', 'Inte angivet', 'MAS eller MAR', 'Medarbetare']);
    expect(factsOf(card, 'Avvikelser per rapportörens funktion')).toEqual(
      Object.fromEntries(Object.entries(byRole).map(([k, v]) => [k, String(v)])),
    );
  });

  it('shows quarter counts equal to counts computed independently from the store', async () => {
    await h.say(member, personal(member), 'statistik 2026-K2 VGR');
    const card = h.connector.cards().at(-1)!;
    expect(cardProblems(card)).toEqual([]);
    const cases = h.bot.stores.cases.all();
    const byCategory = countBy(cases, '2026-04-01', '2026-06-30', (c) => ref.categories.find((x) => x.id === c.report.category)!.sv);
    expect(factsOf(card, 'Avvikelser per huvudkategori')).toEqual(
      Object.fromEntries(Object.entries(byCategory).map(([k, v]) => [k, String(v)])),
    );
    const byCause = countBy(cases, '2026-04-01', '2026-06-30', (c) => ref.causes.find((x) => x.id === c.report.cause)!.sv);
    expect(factsOf(card, 'Avvikelser per orsak')).toEqual(Object.fromEntries(Object.entries(byCause).map(([k, v]) => [k, String(v)])));
    const complaints = cases.filter(
      (c) =>
        c.report.kind === 'synpunkt' &&
        swedishDate(new Date(c.createdAt)) >= '2026-04-01' &&
        swedishDate(new Date(c.createdAt)) <= '2026-06-30',
    ).length;
    expect(factsOf(card, 'Antal')['Synpunkt/klagomål']).toMatch(new RegExp(`^${complaints} \\(`));
    expect(JSON.stringify(card)).not.toContain('Genererad händelse');
    // Quarters in Swedish are K1–K4 (2026-Q2 is read too, as Kolada and English write it).
    expect(JSON.stringify(card)).toContain('Statistik 2026-K2');
    expect(parsePeriod('K2 2026')).toEqual(parsePeriod('2026-Q2'));
  });

  it('reports per delregion for VVG: who reports, directions, each side’s main categories, causes, as the store says (issue 32.1)', async () => {
    await h.say(member, personal(member), 'delregional rapport 2026-K2');
    const card = h.connector.cards().at(-1)!;
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Delregional rapport 2026-K2');
    const cases = h.bot.stores.cases.all();
    const kindOf = (id: string) => ref.providers.find((p) => p.id === id)!.kind;
    let compared = 0;
    for (const d of ref.delregions) {
      const mine = cases.filter((c) =>
        [c.report.reporterUnit, c.report.receiver].some((u) => ref.providers.find((p) => p.id === u)?.delregion === d.id),
      );
      const facts = factsOf(card, d.name);
      const total = countBy(mine, '2026-04-01', '2026-06-30', () => 'all')['all'] ?? 0;
      expect(facts['Avvikelser'] ?? '0', d.name).toBe(String(total));
      if (!total) continue;
      const bySide = countBy(mine, '2026-04-01', '2026-06-30', (c) => kindOf(c.report.reporterUnit));
      const sideWord = { kommun: 'kommunerna', region: 'regionen', privat: 'privata vårdgivare' } as const;
      expect(facts['Rapporterade av']).toBe(
        (['kommun', 'region', 'privat'] as const)
          .filter((k) => bySide[k])
          .map((k) => `${sideWord[k]} ${bySide[k]}`)
          .join(', '),
      );
      // The municipalities' three largest categories, named, with their counts.
      const municipal = Object.entries(
        countBy(
          mine.filter((c) => kindOf(c.report.reporterUnit) === 'kommun'),
          '2026-04-01',
          '2026-06-30',
          (c) => ref.categories.find((x) => x.id === c.report.category)!.sv,
        ),
      ).sort((a, b) => b[1] - a[1]);
      if (!municipal.length) continue;
      expect(facts['Mest rapporterat av kommunerna']!.split(', ').map((x) => Number(x.split(' ').at(-1)))).toEqual(
        municipal.slice(0, 3).map(([, n]) => n),
      );
      compared++;
    }
    // Not every delregion may have municipal reports in the quarter, but the comparison must run.
    expect(compared).toBeGreaterThan(2);
    // The file by consent: one row per delregion and line, none naming a case.
    await h.execute(member, personal(member), 'statistik.fil', actionData(card, 'statistik.fil')!);
    expect(h.connector.consents(personal(member).conversationId).at(-1)?.name).toBe('delregional-rapport-2026-Q2.csv');
    const csv = (await h.acceptFile(member))!;
    expect(csv).toContain(`${ref.delregions[0]!.name};Avvikelser;`);
    expect(csv).not.toMatch(/AVV-\d{4}/);
  });

  it('carries the team lead’s comments and conclusions into the board report’s file, screened; nobody else’s (issue 32.1)', async () => {
    const lead: User = { aadObjectId: 'aad-lead', name: 'Lena Teamledare' };
    await writeFile(
      path.join(h.dataDir, 'roles.json'),
      JSON.stringify({ users: { 'aad-lead': { roles: ['teamledare'], providers: ['*'] } } }),
    );
    await h.restart();
    const boardCard = async (u: User) => {
      await h.say(u, personal(u), 'årsrapport 2025');
      return h.connector.cards(personal(u).conversationId).at(-1)!;
    };
    const card = await boardCard(lead);
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Kommentarer och slutsatser');
    expect(JSON.stringify(await boardCard(member))).not.toContain('Kommentarer och slutsatser');
    const html = { ...actionData(card, 'statistik.fil')!, format: 'html' };

    // An identity number in the comment: refused in words, no file offered.
    const offers = h.connector.consents(personal(lead).conversationId).length;
    const refused = await h.execute(lead, personal(lead), 'statistik.fil', { ...html, comment: 'Gäller 19121212-1212.' });
    expect(JSON.stringify(refused)).toContain('ser ut som ett personnummer');
    expect(h.connector.consents(personal(lead).conversationId)).toHaveLength(offers);

    await h.execute(lead, personal(lead), 'statistik.fil', {
      ...html,
      comment: 'Slutsats: fler planer följdes upp i tid <än förra året>.',
    });
    const file = (await h.acceptFile(lead))!;
    expect(file).toContain('Slutsats: fler planer följdes upp i tid &#60;än förra året&#62;.');
    // A member who forges a comment into the button gets the file without it.
    await h.execute(member, personal(member), 'statistik.fil', { ...html, comment: 'Nämnden bör häva alla avtal.' });
    expect(await h.acceptFile(member)).not.toContain('häva alla avtal');
  });

  it('counts a half year (004_…: "varje halvår") against the half year before', async () => {
    expect(parsePeriod('H1 2026')).toEqual({ id: '2026-H1', from: '2026-01-01', to: '2026-06-30' });
    expect(parsePeriod('2025h2')).toEqual({ id: '2025-H2', from: '2025-07-01', to: '2025-12-31' });
    expect(parsePeriod('2026-H3')).toBeUndefined();
    await h.say(member, personal(member), 'statistik 2026-H1 VGR');
    const card = h.connector.cards().at(-1)!;
    expect(JSON.stringify(card)).toContain('Statistik 2026-H1');
    const cases = h.bot.stores.cases.all();
    const count = (from: string, to: string) => Object.values(countBy(cases, from, to, () => 'all'))[0];
    const [now, before] = [count('2026-01-01', '2026-06-30')!, count('2025-07-01', '2025-12-31')!];
    expect(factsOf(card, 'Antal')['Avvikelse mellan vårdgivare']).toBe(`${now} (${now >= before ? '+' : ''}${now - before} mot 2025-H2)`);
  });

  it('defaults to the last full quarter', async () => {
    await h.say(member, personal(member), 'statistik');
    expect(JSON.stringify(h.connector.cards().at(-1))).toContain('Statistik 2026-K3');
  });

  it('gives the yearly board report with action-plan figures matching the events', async () => {
    const cases = h.bot.stores.cases.all();
    // An action plan on either ladder: 2a followed up at 2b, the collaboration ladder's s1 at s2 (issue 31.1).
    const FOLLOWED_BY: Record<string, string> = { '2a': '2b', s1: 's2' };
    const plans = cases.flatMap((c) =>
      c.events.filter((e) => e.type === 'steg' && FOLLOWED_BY[e.to ?? ''] && e.at.startsWith('2025')).map((e) => ({ c, e })),
    );
    const onTime = plans.filter(({ c, e }) =>
      c.events.some(
        (f) =>
          f.type === 'steg' && f.to === FOLLOWED_BY[e.to!] && f.at > e.at && swedishDate(new Date(f.at)) <= String(e.details?.['deadline']),
      ),
    ).length;
    expect(plans.some(({ e }) => e.to === 's1')).toBe(true);
    const notYetDue = plans.filter(
      ({ c, e }) =>
        String(e.details?.['deadline']) >= '2026-11-23' &&
        !c.events.some(
          (f) =>
            f.type === 'steg' &&
            f.to === FOLLOWED_BY[e.to!] &&
            f.at > e.at &&
            swedishDate(new Date(f.at)) <= String(e.details?.['deadline']),
        ),
    ).length;
    const r = boardReport(cases, '2025', 'vgr', ref, '2026-11-23');
    expect(r.actionPlans).toBe(plans.length);
    expect(r.actionPlansOnTime).toBe(onTime);
    expect(r.actionPlans).toBeGreaterThan(50);
    await h.say(member, personal(member), 'årsrapport 2025');
    const card = h.connector.cards().at(-1)!;
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(`${plans.length} (uppföljda i tid: ${onTime}; ännu inte förfallna: ${notYetDue})`);
    // The file reaches the user through Teams' file consent flow in the personal chat.
    await h.execute(member, personal(member), 'statistik.fil', actionData(card, 'statistik.fil')!);
    expect(h.connector.consents(personal(member).conversationId).at(-1)?.name).toMatch(/^arsrapport-2025-/);
    expect(await h.acceptFile(member)).toContain(`Handlingsplaner;${plans.length}`);
  });

  it('exports cases as a download for officers only, with free text for them', async () => {
    await h.say(member, personal(member), 'exportera ärenden');
    expect(h.connector.texts().at(-1)).toContain('exporteras av uppföljningsteamet');
    const officer: User = { aadObjectId: 'aad-off', name: 'Olle' };
    await h.bot.stores.grants.put({
      id: 'aad-off',
      added: [],
      removed: [],
      roles: ['handlaggare'],
      providers: ['*'],
      updatedAt: '2026-11-01T00:00:00.000Z',
      updatedBy: 'test',
    });
    await h.say(officer, personal(officer), 'exportera ärenden');
    const csv = (await h.acceptFile(officer))!;
    expect(csv.trim().split('\n')).toHaveLength(h.bot.stores.cases.all().length + 1);
    expect(csv).toContain('beskrivning');
    // Nothing is served over HTTP any more.
    expect((await fetch(`${h.bot.url}/downloads/not-a-token`)).status).toBe(404);
  });

  it('records the meeting once a Swedish day: the next summary starts from that date', async () => {
    const written = () => h.bot.stores.conversations.get('user:aad-m')?.lastSummaryAt;
    await h.say(member, personal(member), 'mötesunderlag');
    const first = written();
    expect(first).toBe(clock.now().toISOString());
    // Later the same day: the date the next summary starts from is the same, so nothing is written.
    clock.set(new Date('2026-11-23T21:30:00Z'));
    await h.say(member, personal(member), 'mötesunderlag');
    expect(written()).toBe(first);
    // 23:30 UTC is the next day in Sweden.
    clock.set(new Date('2026-11-23T23:30:00Z'));
    await h.say(member, personal(member), 'mötesunderlag');
    expect(written()).toBe('2026-11-23T23:30:00.000Z');
  });

  it('counts in the meeting summary every new, overdue and closed case the asker covers, and shows the newest ten', async () => {
    const fromMs = Date.parse('2026-10-23T22:00:00Z'); // 30 days back, the Swedish day's start
    const all = h.bot.stores.cases.all();
    const asked: [User, (c: Case) => boolean][] = [
      [{ aadObjectId: 'aad-county', name: 'Kim' }, () => true],
      [{ aadObjectId: 'aad-sahlgrenska', name: 'Sam' }, (c) => [c.report.receiver, c.report.reporterUnit].includes('sahlgrenska')],
    ];
    for (const [user, covers] of asked) {
      const providers = user.aadObjectId === 'aad-county' ? ['*'] : ['sahlgrenska'];
      await h.bot.stores.grants.put({
        id: user.aadObjectId,
        added: [],
        removed: [],
        roles: ['handlaggare'],
        providers,
        updatedAt: '2026-11-01T00:00:00.000Z',
        updatedBy: 'test',
      });
      await h.say(user, personal(user), 'mötesunderlag');
      const card = JSON.stringify(h.connector.cards().at(-1));
      const created = all.filter((c) => covers(c) && Date.parse(c.createdAt) >= fromMs).sort(newestFirst);
      const overdue = all.filter((c) => covers(c) && c.status !== 'avslutad' && isOverdue(c, '2026-11-23'));
      // Closed since then, up to this month (the generated trails run on past today).
      const closedThen = (at: string) => Date.parse(at) >= fromMs && swedishDate(new Date(at)) <= '2026-11-30';
      const closed = all.filter((c) => covers(c) && c.events.some((e) => e.type === 'avslutad' && closedThen(e.at)));
      expect(card, user.name).toContain(`Nya ärenden (${created.length})`);
      expect(card, user.name).toContain(`Försenade handlingsplaner och svar (${overdue.length})`);
      expect(card, user.name).toContain(`Avslutade ärenden (${closed.length})`);
      expect(Object.keys(factsOf(h.connector.cards().at(-1), `Nya ärenden (${created.length})`))).toEqual(
        created.slice(0, 10).map((c) => c.number),
      );
    }
    // More than the card shows, so the count is not the facts' length.
    expect(all.filter((c) => Date.parse(c.createdAt) >= fromMs).length).toBeGreaterThan(10);
    expect(all.filter((c) => c.status !== 'avslutad' && isOverdue(c, '2026-11-23')).length).toBeGreaterThan(10);
  });

  it('gives a meeting summary, with red providers only for roles that may see the light', async () => {
    await h.say(member, personal(member), 'mötesunderlag');
    const card = h.connector.cards().at(-1)!;
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toMatch(/Nya ärenden \(\d+\)/);
    expect(JSON.stringify(card)).not.toContain('röd bedömning');
    const lead: User = { aadObjectId: 'aad-lead', name: 'Lena' };
    await h.bot.stores.grants.put({
      id: 'aad-lead',
      added: [],
      removed: [],
      roles: ['teamledare'],
      providers: [],
      updatedAt: '2026-11-01T00:00:00.000Z',
      updatedBy: 'test',
    });
    await h.say(lead, personal(lead), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards().at(-1))).toContain('röd bedömning');
  });

  it('round-trips a CSV export into the same numbers, without free text unless asked', () => {
    const cases = h.bot.stores.cases.all();
    const csv = casesCsv(cases, false);
    expect(csv).not.toContain('Genererad händelse');
    expect(csv).not.toContain('Kontaktade den andra parten');
    const [header, ...rows] = csv
      .trim()
      .split('\n')
      .map((l) => l.split(';'));
    expect(header).toEqual([...CASE_COLUMNS]);
    const col = (name: string) => header!.indexOf(name);
    const fromCsv: Record<string, number> = {};
    for (const r of rows) {
      if (r[col('typ')] !== 'avvikelse' || r[col('rapporterad')]! < '2026-04-01' || r[col('rapporterad')]! > '2026-06-30') continue;
      fromCsv[r[col('kategori')]!] = (fromCsv[r[col('kategori')]!] ?? 0) + 1;
    }
    expect(fromCsv).toEqual(statistics(cases, parsePeriod('2026-Q2')!, 'vgr', ref).byCategory);
    expect(casesCsv(cases, true)).toContain('Genererad händelse');
  });

  it('anonymises exactly the closed cases past the limit and keeps the statistics', async () => {
    clock.set(new Date('2035-09-01T09:00:00Z'));
    const before = h.bot.stores.cases.all();
    const expected = before.filter((c) => {
      if (c.status !== 'avslutad') return false;
      const closed = [...c.events].reverse().find((e) => e.type === 'avslutad' || (e.type === 'triagerad' && e.to === 'ingen-atgard'))!;
      return closed.at < '2025-09-01T09:00:00.000Z';
    });
    expect(dueForRetention(before, clock.now(), 10)).toHaveLength(expected.length);
    const stats = (cs: readonly Case[]) => [
      statistics(cs, parsePeriod('2025')!, 'vgr', ref),
      statistics(cs, parsePeriod('2026-Q1')!, 'vgr', ref),
    ];
    const statsBefore = stats(before);
    const done = await h.bot.retention.run();
    expect(done.sort()).toEqual(expected.map((c) => c.number).sort());
    const after = h.bot.stores.cases.all();
    let people = 0;
    for (const c of after) {
      const anonymised = expected.some((e) => e.id === c.id);
      expect(Boolean(c.anonymisedAt), c.number).toBe(anonymised);
      if (!anonymised) continue;
      // Every free text and every person, field by field.
      expect([c.report.description, c.report.immediateAction], c.number).toEqual(['[anonymiserad]', '[anonymiserad]']);
      expect(c.reporter).toEqual({ userId: 'anonym', name: '' });
      for (const e of c.events) {
        expect(e.actor.userId, c.number).toBe('anonym');
        expect(e.comment === undefined || e.comment === '[anonymiserad]', `${c.number} ${e.type}`).toBe(true);
      }
      expect(c.deadlines.every((d) => d.contactPerson === undefined)).toBe(true);
      expect(Object.values(c.skipReasons).every((r) => r === '[anonymiserad]')).toBe(true);
      people += c.deadlines.length;
    }
    // The checks above looked at something: anonymised cases had deadlines with contact persons.
    expect(people).toBeGreaterThan(0);
    expect(stats(after)).toEqual(statsBefore);
    expect(h.bot.stores.audit.all().find((a) => a.action === 'retention.anonymised')?.details['count']).toBe(expected.length);
    expect(await h.bot.retention.run()).toEqual([]);
  });
});

describe('periods a user asks for (issue 33.6)', () => {
  let fresh: Harness;
  afterEach(async () => fresh?.stop());

  it('refuses a future period with what to write instead, for statistik and årsrapport', async () => {
    for (const text of ['statistik 2030', 'statistik 2027-K1', 'årsrapport 2030']) {
      await h.say(member, personal(member), text);
      const said = h.connector.texts().at(-1) ?? '';
      expect(said, text).toMatch(/har inte börjat/);
      expect(said, text).toMatch(/2026/);
    }
  });

  it('defaults the annual report to last year when it has cases, and says so', async () => {
    await h.say(member, personal(member), 'årsrapport');
    const card = JSON.stringify(h.connector.cards().at(-1));
    expect(card).toContain('2025');
    expect(card).toMatch(/förra året/i);
  });

  it('defaults to this year so far when last year has no cases, and says so', async () => {
    fresh = await Harness.start({ clock: new ManualClock(new Date('2026-11-23T09:00:00Z')) });
    await fresh.bot.stores.cases.putMany(generateCases(ref, { seed: 3, from: '2026-03-01', days: 200, perDay: 1 }));
    await fresh.say(member, personal(member), 'årsrapport');
    const card = JSON.stringify(fresh.connector.cards().at(-1));
    expect(card).toContain('2026');
    expect(card).toMatch(/i år hittills/i);
  });
});
