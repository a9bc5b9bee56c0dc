// The attacker's test, generated from the route table (issue 30.1): every command and card verb
// is forged by (a) a user without any role, and every card verb by (b) a holder of every role for
// another organisation, (c) a mottagare of the reporting side and (d) a chef of the receiving
// side. Nothing of the case is shown, nothing is stored, and the refusal is audited, except on
// the routes this file declares open (below, each with why). The expectation is the test's own,
// not read from the guards: a route that loses its guard, or a new route nobody classified,
// fails here. The same forgers hear nothing while the case walks its answer loop and ladder
// (every notice), and a forged accept of every file route's consent yields them nothing of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../src/cases/model.js';
import { ROLES } from '../src/core/roles.js';
import type { CommandRoute, Route, VerbRoute } from '../src/core/turn.js';
import { Harness, channel, personal, type User, type Where } from './support/harness.js';
import { isCommandOrVerb, routeTable } from './support/routes.js';
import { GRADED } from './support/cases.js';

// A contracted provider: the contract ladders' every notice (strategy, handover, final report) is walked (issue 31.1).
const RECEIVER = 'medtanken';
const REPORTING = 'boras';
const DESCRIPTION = 'Läkemedelslistan saknades vid överföringen till hemsjukvården.';

const reporter: User = { aadObjectId: 'aad-rut', name: 'Rut Rapportör' };
const officer: User = { aadObjectId: 'aad-olle', name: 'Olle Handläggare' };
// The case's own people, who act on it in the last test and are told of what happens.
const receiverUser: User = { aadObjectId: 'aad-mona', name: 'Mona Mottagare' };
const chefUser: User = { aadObjectId: 'aad-chad', name: 'Chad Chef' };
const lead: User = { aadObjectId: 'aad-lena', name: 'Lena Teamledare' };
const attackers = {
  'without the role': { user: { aadObjectId: 'aad-none', name: 'Nils Ingen' }, roles: [] as string[], providers: [] as string[] },
  'with every role for another organisation': {
    user: { aadObjectId: 'aad-other', name: 'Olga Annan' },
    roles: [...ROLES],
    providers: ['nu-sjukvarden'],
  },
  'a mottagare of the reporting side': {
    user: { aadObjectId: 'aad-mrep', name: 'Mats Mottagare' },
    roles: ['mottagare'],
    providers: [REPORTING],
  },
  'a chef of the receiving side': { user: { aadObjectId: 'aad-crec', name: 'Cecilia Chef' }, roles: ['chef'], providers: [RECEIVER] },
};
type Kind = keyof typeof attackers;

/** Routes any user may run: what they show is their own or public (the tests elsewhere say what). */
const OPEN = new Set([
  // reporting: the form, one's own reports (avvikelse.visa shows only one's own report)
  'report',
  'my-reports',
  'avvikelse.ny',
  'avvikelse.skicka',
  'avvikelse.skapa-ny',
  'avvikelse.mina',
  'avvikelse.visa',
  // indicators are public figures
  'indicators',
  'indicator',
  'indikatorer.alla',
  'indikatorer.sida',
  'indikator.visa',
  // statistics and summaries, counted within what the asker acts for
  'statistics',
  'board-report',
  'delregional-report',
  'meeting',
  'statistik.fil',
  // lärdomar are shared county-wide, worded for everyone (issue 35.3)
  'lessons',
  // one's own settings and help
  'roles',
  'language',
  'help',
  'hjalp.visa',
]);

/**
 * Routes open to any holder of the role, whatever organisation they act for: each shows or
 * changes only what belongs to the asker's own organisations, or is not tied to one.
 */
const ANY_ORGANISATION = new Set([
  'cases',
  'provider',
  'arende.lista',
  'incoming',
  'unit-reports',
  'svar.inkomna',
  'svar.enheten',
  'reminders',
  'export',
  // a channel's settings belong to the channel, not to an organisation
  'choose-indicators',
  'indikatorer.valj',
  'indikatorer.spara-val',
  'organisation',
  'follow',
  'indikator.folj',
  'link',
  'unlink',
  // the region's admins: the catalogue's values and targets, and roles
  'import',
  'register',
  'indikator.spara',
  'set-target',
  'indikator.mal',
  'indikator.malformular',
  'grant',
  'revoke',
]);

/** The case's joint cause analysis, with a measure that worked (so every verb of it has something to act on). */
const ANALYSIS = 'HA-2026-001';
const MEASURE = '00000000-0000-4000-8000-00000000a001';

const nameOf = (r: Route) => (r.kind === 'command' ? r.name : r.kind === 'verb' ? r.verb : r.file);

/** What a forger puts in a card's data: the case, its provider, and a value for every usual field. */
const forgedData = (c: Case): Record<string, unknown> => ({
  caseId: c.id,
  version: String(c.version),
  providerId: c.report.receiver,
  form: 'step',
  to: '5',
  comment: 'Stängs av mig.',
  color: 'gron',
  reason: 'Jag bestämmer.',
  text: 'Ett meddelande.',
  page: '2',
  indicator: 'sip-andel',
  org: REPORTING,
  target: '50',
  indicators: 'sip-andel',
  accepted: 'ja',
  whatHappened: 'x',
  causes: 'kommunikationsbrist',
  cause: 'x',
  outcome: 'atgardad',
  feedback: 'x',
  date: '2027-01-01',
  // a joint cause analysis of the case (issue 35.2) and a measure of it
  analysisId: ANALYSIS,
  measureId: MEASURE,
  result: 'ja',
  kind: 'orsak',
  due: '2027-01-01',
  effect: 'Fungerade.',
  channel: 'channel:19:forsok@thread.tacv2',
});

describe('every guarded route forged (generated from the route table)', () => {
  let h: Harness;
  let c: Case;
  beforeAll(async () => {
    h = await Harness.start({
      clock: { now: () => new Date('2026-11-23T09:00:00Z') },
      roles: {
        'aad-olle': { roles: ['handlaggare'], providers: [RECEIVER] },
        'aad-mona': { roles: ['mottagare'], providers: [RECEIVER] },
        'aad-chad': { roles: ['chef'], providers: [REPORTING] },
        'aad-lena': { roles: ['teamledare'], providers: [RECEIVER] },
        ...Object.fromEntries(Object.values(attackers).map((a) => [a.user.aadObjectId, { roles: a.roles, providers: a.providers }])),
      },
    });
    for (const u of [reporter, officer, receiverUser, chefUser, lead, ...Object.values(attackers).map((a) => a.user)]) {
      await h.install(u, personal(u));
      await h.install(u, channel('forsok'));
    }
    c = (await h.report(reporter, {
      kind: 'avvikelse',
      eventDate: '2026-11-20',
      reporterUnit: REPORTING,
      receiver: RECEIVER,
      category: 'lakemedel',
      description: DESCRIPTION,
      immediateAction: 'Ringde avdelningen.',
      dialogue: 'ja',
    }))!;
    expect(c).toBeDefined();
    const by = { userId: officer.aadObjectId, name: officer.name };
    await h.bot.stores.analyses.put({
      id: ANALYSIS,
      subject: { kind: 'case', caseId: c.id },
      caseIds: [c.id],
      receiver: RECEIVER,
      reporterUnits: [REPORTING],
      category: 'lakemedel',
      channel: 'channel:19:elsewhere@thread.tacv2',
      status: 'pagar',
      timeline: [{ id: 't1', date: '2026-11-20', text: DESCRIPTION, at: '2026-11-21T09:00:00.000Z', by }],
      factors: [],
      measures: [
        {
          id: MEASURE,
          text: 'Ny rutin',
          owner: 'mottagare',
          due: '2026-11-22',
          effect: { result: 'ja', comment: 'Fungerade.', at: '2026-11-22T09:00:00.000Z', by },
        },
      ],
      startedAt: '2026-11-21T09:00:00.000Z',
      startedBy: by,
    });
  });
  afterAll(async () => h.stop());

  const kept = () =>
    JSON.stringify(
      ['cases', 'answers', 'lights', 'grants', 'follows', 'indicatorTargets', 'reminders', 'analyses', 'lessons'].map((k) =>
        h.bot.stores[k as 'cases'].all(),
      ),
    );
  const refusalsBy = async (userId: string) => {
    await h.bot.audit.flush();
    return h.bot.stores.audit
      .all()
      .filter((a) => a.actor === userId)
      .reduce((n, a) => n + (a.count ?? 1), 0);
  };
  const placeOf = (route: Route, user: User): Where => (route.where === 'team' ? channel('forsok') : personal(user));

  async function forge(route: CommandRoute | VerbRoute, kind: Kind, refused = true): Promise<void> {
    const { user } = attackers[kind];
    const where = placeOf(route, user);
    const before = { stored: kept(), refusals: await refusalsBy(user.aadObjectId), sent: h.connector.recorded.length };
    const shown =
      route.kind === 'command'
        ? (await h.say(user, where, `${route.words[0]} ${c.number}`), JSON.stringify(h.connector.recorded.slice(before.sent)))
        : JSON.stringify((await h.execute(user, where, route.verb, forgedData(c))).body) +
          JSON.stringify(h.connector.recorded.slice(before.sent));
    const name = `${route.kind === 'command' ? route.name : route.verb} by ${kind}`;
    expect(shown, name).not.toContain(DESCRIPTION);
    if (!refused) return;
    expect(kept(), name).toBe(before.stored);
    expect(await refusalsBy(user.aadObjectId), name).toBeGreaterThan(before.refusals);
  }

  it('classifies every route: open, open to any organisation, or refused to every forger', async () => {
    const names = new Set((await routeTable()).filter(isCommandOrVerb).map(nameOf));
    expect([...OPEN, ...ANY_ORGANISATION].filter((n) => !names.has(n))).toEqual([]);
  });

  it('refuses every route but the open ones to a user without any role, and shows no case on those', async () => {
    const routes = (await routeTable()).filter(isCommandOrVerb);
    expect(routes.length).toBeGreaterThan(50);
    for (const route of routes) await forge(route, 'without the role', !OPEN.has(nameOf(route)));
  });

  /** A forged accept of a file consent card: the file and its args as the bot's own card would carry them. */
  const acceptForged = (user: User, file: string, args: Record<string, string>, name: string) =>
    h.acceptConsent(user, { file, args }, `${name}.csv`, name);

  for (const kind of Object.keys(attackers) as Kind[])
    it(`refuses every card verb that names a case to ${kind}`, async () => {
      const routes = (await routeTable())
        .filter(isCommandOrVerb)
        .filter((r) => r.kind === 'verb' && !OPEN.has(nameOf(r)) && !ANY_ORGANISATION.has(nameOf(r)));
      expect(routes.length).toBeGreaterThan(15);
      for (const route of routes) await forge(route, kind);
    });

  it('tells no forger of anything that happens to the case: every notice of its answer loop and ladder', async () => {
    const act = (u: User, verb: string, data: Record<string, unknown> = {}) =>
      h.execute(u, personal(u), verb, { caseId: c.id, version: String(h.bot.stores.cases.get(c.id)!.version), ...data });
    const sentBefore = h.connector.recorded.length;
    // The answer loop: acknowledged, a question and its reply, the answer, not accepted.
    await act(receiverUser, 'svar.kvittera');
    await act(receiverUser, 'svar.skriv', { text: 'Vilken dag gällde det?' });
    await act(reporter, 'svar.skriv', { text: 'Fredagen.' });
    await act(receiverUser, 'svar.skicka', {
      whatHappened: 'Listan skickades inte.',
      causes: 'ej-foljt-rutin',
      cause: 'Rutinen följdes inte.',
      answer: 'Vi har gått igenom rutinen.',
      measure1: 'Utbilda personalen',
      owner1: 'mottagare',
      due1: '2026-12-20',
    });
    await act(chefUser, 'svar.bedom', { accepted: 'nej', reason: 'Svaret säger inte vad som ändras.' });
    // The ladder: assessed, steps 1 to 3 (the strategy informs), handed over (informs again).
    await act(officer, 'arende.triage', {
      decision: 'narmare-uppfoljning',
      assessment: 'allvarlig',
      comment: 'Följs upp.',
      cause: 'kommunikationsbrist',
      consequence: 'risk',
      severity: '3',
    });
    await act(officer, 'arende.steg', { to: '1', comment: 'Dialog', contactNote: 'Samtal' });
    await act(officer, 'arende.steg', {
      to: '2a',
      comment: 'Plan begärs',
      contactNote: 'Mejl',
      deadline: '2027-01-20',
      contactPerson: 'Avdelningschefen',
    });
    await act(officer, 'arende.steg', { to: '2b', comment: 'Planen följd', contactNote: 'Möte', outcome: 'delvis' });
    await act(lead, 'arende.steg', {
      to: '3',
      comment: 'Strategi',
      purpose: 'Säker överföring',
      strategy: 'Täta möten',
      plannedMeasures: 'Ny rutin',
    });
    await act(officer, 'arende.prioritera', GRADED);
    await act(officer, 'arende.overlamna', {
      criteria: 'journalgranskning',
      decisionDate: '2026-11-22',
      comment: 'Fördjupad uppföljning beslutad.',
    });
    await act(officer, 'arende.avsluta', {
      outcome: 'atgardad',
      summary: 'Rutinen är ändrad.',
      feedback: 'Tack för rapporten.',
      endedBy: 'lopande',
    });
    const notices = h.connector.recorded.slice(sentBefore);
    // The bot did tell the case's people (else the silence below would prove nothing).
    const to = (u: User) =>
      notices.filter((n) => n.conversationId === personal(u).conversationId && JSON.stringify(n.body).includes(c.number));
    for (const u of [receiverUser, reporter, chefUser, lead]) expect(to(u).length, u.name).toBeGreaterThan(0);
    // The deep follow-up ended by a return to running follow-up (issue 31.3): open again, its final report due.
    expect(h.bot.stores.cases.get(c.id)).toMatchObject({ status: 'uppfoljning', track: 'lopande' });
    expect(h.bot.stores.cases.get(c.id)!.events.at(-1)!.type).toBe('aterford');
    for (const kind of Object.keys(attackers) as Kind[]) {
      const { user } = attackers[kind];
      expect(to(user), kind).toEqual([]);
    }
    // The officer's own accept yields the final report (else the refusals below would prove nothing).
    await acceptForged(officer, 'export.slutrapport', { number: c.number }, 'legit-final-report');
    expect(h.connector.uploads.get('legit-final-report')?.body).toContain(c.number);
    // Nor the unlinked channel they all share.
    expect(
      notices.filter((n) => n.conversationId === channel('forsok').conversationId && JSON.stringify(n.body).includes(c.number)),
    ).toEqual([]);
  });

  for (const kind of Object.keys(attackers) as Kind[])
    // After the test above: the case's deep follow-up has ended, so its final report exists.
    it(`yields ${kind} no file of the case from a forged file consent (every file route)`, async () => {
      expect(h.bot.stores.cases.get(c.id)!.events.at(-1)!.type).toBe('aterford');
      const files = (await routeTable()).filter((r) => r.kind === 'file');
      expect(files.length).toBeGreaterThanOrEqual(4);
      const { user } = attackers[kind];
      // One set of args for every file: each producer reads what it needs, all naming the case or its providers.
      const args = { number: c.number, format: 'csv', year: '2026', org: RECEIVER };
      for (const route of files) {
        const name = `forged-${route.file}-${user.aadObjectId}`;
        await acceptForged(user, route.file, args, name);
        const uploaded = h.connector.uploads.get(name)?.body ?? '';
        // Nothing of the case: its text, number, the people who acted on it, what they wrote.
        for (const mark of [DESCRIPTION, c.number, officer.name, lead.name, 'Fördjupad uppföljning beslutad.'])
          expect(uploaded, `${route.file} by ${kind}`).not.toContain(mark);
      }
    });
});
