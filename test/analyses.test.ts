// The joint cause analysis driven as Teams drives the bot (issue 35.2): three similar deviations
// make a cluster; the officer types `händelseanalys` as the help card shows it, starts the proposed
// analysis in the channel linked to the receiver, both sides add what happened, causes and
// measures, the team concludes; the measure's owner follows up its effect and the team shares it
// as a lärdom. Every verb forged by a plain user, another organisation's team, and the parties'
// wrong halves (a mottagare of the reporting side, a chef of the receiving side): nothing shown,
// nothing stored, the refusal audited.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import type { Case } from '../src/cases/model.js';
import { ANALYSIS_VERBS } from '../src/analyses/verbs.js';
import { actionData, cardProblems } from './support/cards.js';
import { minimumReport } from './support/cases.js';
import { testToday } from './support/clock.js';
import { Harness, channel, personal, type User } from './support/harness.js';

const RECEIVER = 'sodra-alvsborgs-sjukhus';
const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const receiver: User = { aadObjectId: 'aad-mot', name: 'Mona Mottagare' };
const chef: User = { aadObjectId: 'aad-chef', name: 'Cissi Chef' };
const staff: User = { aadObjectId: 'aad-staff', name: 'Sam' };
const nuOfficer: User = { aadObjectId: 'aad-nuoff', name: 'Nora NU' };
const wrongMottagare: User = { aadObjectId: 'aad-mrep', name: 'Mats Mottagare' };
const wrongChef: User = { aadObjectId: 'aad-crec', name: 'Cecilia Chef' };
const ROLES = {
  'aad-off': { roles: ['handlaggare'], providers: [RECEIVER] },
  'aad-mot': { roles: ['mottagare'], providers: [RECEIVER] },
  'aad-chef': { roles: ['chef'], providers: ['boras'] },
  'aad-nuoff': { roles: ['handlaggare', 'teamledare'], providers: ['nu-sjukvarden'] },
  'aad-mrep': { roles: ['mottagare'], providers: ['boras'] },
  'aad-crec': { roles: ['chef'], providers: [RECEIVER] },
};
const room = channel('avvikelser-sas');
const SECRET = 'Sjuksköterskan på avdelning 12 hann inte ringa hemsjukvården.';

describe('händelseanalys', () => {
  let h: Harness;
  let cases: Case[];
  beforeEach(async () => {
    h = await Harness.start({ roles: ROLES });
    for (const u of [reporter, officer, receiver, chef, staff, nuOfficer, wrongMottagare, wrongChef]) await h.install(u, personal(u));
    await h.install(officer, room);
    await h.say(officer, room, 'koppla Södra Älvsborgs sjukhus');
    cases = [];
    // A month apart each: three deviations, not one reported three times (the duplicate rule's window).
    for (const [days, text] of [
      [-70, 'Listan saknades.'],
      [-35, 'Fel dos på listan.'],
      [-1, 'Ingen lista med patienten hem.'],
    ] as const)
      cases.push((await h.report(reporter, minimumReport({ eventDate: addDays(testToday, days), description: text })))!);
    expect(cases.every(Boolean)).toBe(true);
  });
  afterEach(() => h.stop());

  const last = (u: User | typeof room) =>
    JSON.stringify(h.connector.cards(('conversationId' in u ? u : personal(u)).conversationId).at(-1));

  /** The officer starts the proposed cluster's analysis from `händelseanalys`, in the linked channel. */
  async function started() {
    await h.say(officer, personal(officer), 'händelseanalys');
    const overview = h.connector.cards(personal(officer).conversationId).at(-1);
    expect(JSON.stringify(overview)).toContain('3 avvikelser till Södra Älvsborgs sjukhus');
    const proposal = actionData(overview, ANALYSIS_VERBS.start)!;
    expect(proposal).toEqual({ receiver: RECEIVER, dimension: 'category', value: 'lakemedel' });
    const form = await h.execute(officer, personal(officer), ANALYSIS_VERBS.start, proposal);
    expect(cardProblems(form.card)).toEqual([]);
    expect(JSON.stringify(form.card)).toContain('Kanalen kopplad till Södra Älvsborgs sjukhus');
    const key = h.bot.stores.conversations.all().find((c) => c.providerId === RECEIVER)!.id;
    const view = await h.execute(officer, personal(officer), ANALYSIS_VERBS.create, { ...proposal, channel: key });
    expect(JSON.stringify(view.card)).toContain('HA-');
    const [a] = h.bot.stores.analyses.all();
    expect(a).toMatchObject({ receiver: RECEIVER, reporterUnits: ['boras'], status: 'pagar', channel: key });
    expect([...a!.caseIds].sort()).toEqual(cases.map((c) => c.id).sort());
    return a!;
  }

  it('walks a proposed cluster to a shared lärdom, both sides taking part, the channel told without content', async () => {
    const a = await started();
    // The channel and both parties hear of it; the channel card holds no free text of the cases.
    const told = (u: User | typeof room, text: string) => h.connector.waitFor(() => last(u).includes(text));
    for (const u of [room, receiver, chef]) await told(u, `Händelseanalys ${a.id} har startat`);
    expect(last(room)).toContain(`Händelseanalys ${a.id} har startat`);
    expect(last(room)).not.toContain('Listan saknades');
    for (const u of [receiver, chef]) expect(last(u), u.name).toContain(`Händelseanalys ${a.id} har startat`);
    for (const u of [staff, nuOfficer, wrongMottagare, wrongChef]) expect(last(u) ?? '', u.name).not.toContain(a.id);

    const act = (u: User, verb: string, data: Record<string, unknown>) => h.execute(u, personal(u), verb, { analysisId: a.id, ...data });
    // Each part's view: the steps for both sides, the conclusion for the team only.
    const buttonsOf = async (u: User) =>
      (((await act(u, ANALYSIS_VERBS.show, {})).card?.['actions'] ?? []) as { title: string }[]).map((b) => b.title);
    expect(await buttonsOf(officer)).toEqual(['Händelse', 'Orsak', 'Åtgärd', 'Slutsats']);
    for (const u of [receiver, chef]) expect(await buttonsOf(u), u.name).toEqual(['Händelse', 'Orsak', 'Åtgärd']);
    // The receiver's mottagare opens it from the notice and adds what happened.
    const opened = await act(receiver, ANALYSIS_VERBS.show, {});
    expect(JSON.stringify(opened.card)).toContain('Vad hände');
    const eventForm = await act(receiver, ANALYSIS_VERBS.form, { form: 'event' });
    expect(cardProblems(eventForm.card)).toEqual([]);
    await act(receiver, ANALYSIS_VERBS.event, { date: addDays(testToday, -3), text: SECRET });
    // A date after today is refused next to its field, the text kept.
    const future = await act(receiver, ANALYSIS_VERBS.event, { date: addDays(testToday, 2), text: 'Senare händelse.' });
    expect(JSON.stringify(future.card)).toContain('Datumet kan inte vara senare än i dag.');
    expect(JSON.stringify(future.card)).toContain('Senare händelse.');
    // A personnummer in any free text is refused next to its field, nothing stored (as in every form).
    for (const [verb, data] of [
      [ANALYSIS_VERBS.event, { date: testToday, text: 'Patienten 19121212-1212 fick fel lista.' }],
      [ANALYSIS_VERBS.factor, { cause: 'rutin-saknas', kind: 'orsak', text: 'Gäller 19121212-1212.' }],
      [ANALYSIS_VERBS.measure, { text: 'Ring 19121212-1212', owner: 'chef', due: testToday }],
    ] as const) {
      const before = JSON.stringify(h.bot.stores.analyses.get(a.id));
      const refused = await act(receiver, verb, data);
      expect(JSON.stringify(refused.card), verb).toContain('personnummer');
      expect(JSON.stringify(h.bot.stores.analyses.get(a.id)), verb).toBe(before);
    }
    // The reporting unit's chef adds a cause and a contributing factor, coded.
    await act(chef, ANALYSIS_VERBS.factor, { cause: 'rutin-saknas', kind: 'orsak', text: 'Ingen rutin för läkemedelslistan.' });
    await act(chef, ANALYSIS_VERBS.factor, { cause: 'kommunikationsbrist', kind: 'bidragande', text: 'Hemsjukvården nåddes inte.' });
    // Concluding before a measure: refused, nothing changed.
    const early = await act(officer, ANALYSIS_VERBS.conclude, { text: 'Rutinen saknades.' });
    expect(JSON.stringify(early.card)).toContain('Lägg till minst en åtgärd innan slutsatsen.');
    await act(officer, ANALYSIS_VERBS.measure, { text: 'Rutin för läkemedelslistan vid utskrivning', owner: 'mottagare', due: testToday });
    // The conclusion is the team's: the mottagare may not write it.
    const notTeam = await act(receiver, ANALYSIS_VERBS.conclude, { text: 'Vi är klara nu.' });
    expect(JSON.stringify(notTeam.card)).toContain('Slutsatsen skrivs av uppföljningsteamet.');
    const concluded = await act(officer, ANALYSIS_VERBS.conclude, { text: 'Rutinen saknades; den skrivs och följs upp.' });
    expect(JSON.stringify(concluded.card)).toContain('avslutad');
    await told(chef, 'är avslutad');
    expect(last(chef)).toContain(`Händelseanalys ${a.id} är avslutad`);
    // Closed: no more steps.
    const closed = await act(chef, ANALYSIS_VERBS.event, { date: testToday, text: 'En sak till.' });
    expect(JSON.stringify(closed.card)).toContain('Analysen är avslutad');

    // The measure's owner follows its effect up on the date; the team shares it.
    const measure = h.bot.stores.analyses.get(a.id)!.measures[0]!;
    const view = await act(receiver, ANALYSIS_VERBS.show, {});
    expect(actionData(view.card, ANALYSIS_VERBS.form)).toMatchObject({ form: 'effect', measureId: measure.id });
    await act(receiver, ANALYSIS_VERBS.effect, { measureId: measure.id, result: 'ja', comment: 'Inga fler fall.' });
    const teamView = await act(officer, ANALYSIS_VERBS.show, {});
    expect(JSON.stringify(teamView.card)).toContain('Dela lärdom: Rutin för läkemedelslistan');
    const lessonForm = await act(officer, ANALYSIS_VERBS.form, { form: 'lesson', measureId: measure.id });
    expect(cardProblems(lessonForm.card)).toEqual([]);
    await act(officer, ANALYSIS_VERBS.share, {
      measureId: measure.id,
      text: 'Läkemedelslistan följer med vid utskrivning och kontrolleras.',
      effect: 'Inga fler fall på tre månader.',
      named: 'false',
    });
    expect(h.bot.stores.lessons.all()).toMatchObject([
      { analysisId: a.id, category: 'lakemedel', causes: ['rutin-saknas', 'kommunikationsbrist'] },
    ]);
    await h.say(staff, personal(staff), 'lärdomar');
    expect(last(staff)).toContain('Läkemedelslistan följer med vid utskrivning');
    // The trail: who started, each step, the share.
    const trail = h.bot.stores.audit
      .all()
      .filter((e) => e.subject === a.id)
      .map((e) => e.action);
    expect(trail).toEqual(
      expect.arrayContaining([
        'analysis.start',
        'analysis.event',
        'analysis.factor',
        'analysis.measure',
        'analysis.conclusion',
        'analysis.effect',
        'lesson.share',
      ]),
    );
    // The chef lists it among their analyses; the cluster is no longer proposed.
    await h.say(chef, personal(chef), 'händelseanalys');
    expect(last(chef)).toContain(a.id);
    await h.say(officer, personal(officer), 'händelseanalys');
    expect(last(officer)).toContain('Inga kluster just nu.');
  });

  it('starts one for a single case typed by its number, in the channel where it is typed', async () => {
    await h.say(officer, room, `händelseanalys ${cases[0]!.number}`);
    const form = h.connector.cards(room.conversationId).at(-1);
    expect(JSON.stringify(form)).toContain('Den här kanalen');
    const data = actionData(form, ANALYSIS_VERBS.create)!;
    await h.execute(officer, room, ANALYSIS_VERBS.create, {
      ...data,
      channel: h.bot.stores.conversations.all().find((c) => c.providerId)!.id,
    });
    expect(h.bot.stores.analyses.all()).toMatchObject([{ subject: { kind: 'case', caseId: cases[0]!.id }, caseIds: [cases[0]!.id] }]);
    // A forged channel (one not offered) is refused on the form, nothing stored.
    await h.execute(officer, room, ANALYSIS_VERBS.create, { caseId: cases[1]!.id, channel: 'user:aad-staff' });
    expect(h.bot.stores.analyses.all()).toHaveLength(1);
  });

  it('refuses every verb to those not taking part and every start to those who may not start: audited, nothing stored', async () => {
    const a = await started();
    const measureId = '00000000-0000-4000-8000-000000000001';
    const forged = {
      analysisId: a.id,
      form: 'event',
      date: testToday,
      text: SECRET,
      cause: 'rutin-saknas',
      kind: 'orsak',
      owner: 'mottagare',
      due: testToday,
      measureId,
      result: 'ja',
      comment: 'ok',
      effect: 'ok',
      receiver: RECEIVER,
      dimension: 'category',
      value: 'lakemedel',
      caseId: cases[0]!.id,
      channel: a.channel,
    };
    // The secret is in the analysis: a forger who saw the view would see it.
    await h.execute(receiver, personal(receiver), ANALYSIS_VERBS.event, { analysisId: a.id, date: testToday, text: SECRET });
    const stored = () => JSON.stringify([h.bot.stores.analyses.all(), h.bot.stores.lessons.all()]);
    const refusals = async (u: User) => {
      await h.bot.audit.flush();
      return h.bot.stores.audit
        .all()
        .filter((e) => e.actor === u.aadObjectId)
        .reduce((n, e) => n + (e.count ?? 1), 0);
    };
    for (const u of [staff, nuOfficer, wrongMottagare, wrongChef])
      for (const verb of Object.values(ANALYSIS_VERBS)) {
        const before = { stored: stored(), refusals: await refusals(u) };
        const res = await h.execute(u, personal(u), verb, forged);
        expect(JSON.stringify(res.body), `${verb} by ${u.name}`).not.toContain(SECRET);
        expect(stored(), `${verb} by ${u.name}`).toBe(before.stored);
        expect(await refusals(u), `${verb} by ${u.name}`).toBeGreaterThan(before.refusals);
      }
    // The typed command: a plain user is refused; another organisation's team sees nothing of it.
    await h.say(staff, personal(staff), 'händelseanalys');
    expect(last(staff)).not.toContain(a.id);
    // Another organisation's team typing the case's number is told no such case of theirs: no start form.
    const sent = h.connector.recorded.length;
    await h.say(nuOfficer, personal(nuOfficer), `händelseanalys ${cases[0]!.number}`);
    const answer = JSON.stringify(h.connector.recorded.slice(sent));
    expect(answer).toContain(`Hittar inget ärende ${cases[0]!.number} som du följer upp.`);
    expect(answer).not.toContain(ANALYSIS_VERBS.create);
  });
});
