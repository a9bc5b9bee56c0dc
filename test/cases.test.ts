import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testToday } from './support/clock.js';
import { Harness, channel, personal, type User } from './support/harness.js';
import { cardProblems, fieldError, findInput, unexpanded } from './support/cards.js';
import { addDays, ManualClock } from '../src/core/clock.js';
import { minimumReport, GRADED } from './support/cases.js';

const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const officer2: User = { aadObjectId: 'aad-off2', name: 'Oskar Handläggare' };
const privateOfficer: User = { aadObjectId: 'aad-off3', name: 'Pia Handläggare' };
const lead: User = { aadObjectId: 'aad-lead', name: 'Lena Teamledare' };
const team: User = { aadObjectId: 'aad-team', name: 'Tea Jurist' };
const staff: User = { aadObjectId: 'aad-staff', name: 'Sam Medarbetare' };
const today = testToday;

describe('handling a case along the ladder over /api/messages', () => {
  let h: Harness;
  let caseId: string;

  /** A serious deviation reported to the receiver over the form; resolves with the new case's id. */
  async function report(receiver: string) {
    const created = await h.report(reporter, {
      kind: 'avvikelse',
      eventDate: addDays(today, -2),
      reporterUnit: 'boras',
      receiver,
      category: 'in-och-utskrivning',
      cause: 'ej-foljt-rutin',
      consequence: 'negativ-handelse',
      severity: '3',
      description: 'Patienten skrevs ut utan att hemsjukvården fått information.',
      immediateAction: 'Hemsjukvården gjorde hembesök samma kväll.',
      dialogue: 'nej',
    });
    return created!.id;
  }

  beforeEach(async () => {
    h = await Harness.start({
      roles: {
        'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus', 'medtanken'] },
        'aad-off2': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
        'aad-lead': { roles: ['teamledare'], providers: ['*'] },
        'aad-team': { roles: ['teamet'], providers: ['sodra-alvsborgs-sjukhus', 'medtanken'] },
        'aad-off3': { roles: ['handlaggare'], providers: ['medtanken'] },
      },
    });
    await h.install(reporter, personal(reporter));
    caseId = await report('sodra-alvsborgs-sjukhus');
  });
  afterEach(async () => h.stop());

  const version = () => h.bot.stores.cases.get(caseId)!.version;
  const act = (user: User, verb: string, data: Record<string, unknown>, where = personal(user)) =>
    h.execute(user, where, verb, { caseId, version: String(version()), ...data });
  const feedbackTexts = () => JSON.stringify(h.connector.cards(personal(reporter).conversationId));

  it('walks the running ladder 0 → 3, is handed over, and walks the deep one 3a → 5, with the right roles, all in the history', async () => {
    // The contract follow-up's ladders (002_…) are for a provider under contract (issue 31.1).
    caseId = await report('medtanken');
    let res = await act(officer, 'arende.triage', {
      decision: 'narmare-uppfoljning',
      assessment: 'allvarlig',
      comment: 'Allvarlig brist i utskrivning',
    });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    const board = { boardDate: addDays(today, -1), diaryNumber: 'VGR-N 2026-77' };
    const strategy = { purpose: 'Säker utskrivning', strategy: 'Täta avstämningar', plannedMeasures: 'Ny rutin, utbildning' };
    const step = async (user: User, data: Record<string, string>) => {
      res = await act(user, 'arende.steg', data);
      expect(cardProblems(res.card), `${data['to']} ${unexpanded(res.card).join(' | ')}`).toEqual([]);
      expect(
        JSON.stringify(res.card),
        `${data['to']}: ${JSON.stringify(res.card).match(/"color":"Attention"[^}]*"text":"[^"]*"/)?.[0]}`,
      ).toContain('Sparat');
      expect(h.bot.stores.cases.get(caseId)!.step).toBe(data['to']);
    };
    // Löpande uppföljning (002_… kapitel 4): 0, 1, 2a, 2b, 3 (the measure strategy, the team lead's).
    const running: [User, Record<string, string>][] = [
      [officer, { to: '0', comment: 'Normalläge inför dialog' }],
      [officer, { to: '1', comment: 'Dialog inledd', contactNote: 'Samtal med avdelningschef' }],
      [
        officer,
        { to: '2a', comment: 'Handlingsplan begärd', contactNote: 'Mejl', contactPerson: 'Kim Kontakt', deadline: addDays(today, 60) },
      ],
      [officer, { to: '2b', comment: 'Planen följd upp', contactNote: 'Uppföljningsmöte', outcome: 'ej-genomford' }],
      [lead, { to: '3', comment: 'Åtgärdsstrategi beslutad', ...strategy }],
    ];
    for (const [user, data] of running) await step(user, data);
    // The team leads hear of the strategy, each part named once (issue 32.4: not "Syfte: vad ska uppnås?: …").
    await h.connector.waitFor(() => JSON.stringify(h.connector.cards(personal(lead).conversationId)).includes('Säker utskrivning'));
    const informed = JSON.stringify(h.connector.cards(personal(lead).conversationId));
    expect(informed).toContain('Syfte: Säker utskrivning');
    expect(informed).not.toMatch(/\?:/);
    // 3a is on the deep ladder only: refused until the head of department's decision is recorded.
    const early = await act(team, 'arende.steg', { to: '3a', comment: 'Anmodan', deadline: addDays(today, 30) });
    expect(JSON.stringify(early.card)).toContain('fördjupade');
    // Motivated and prioritised (issue 31.4): the A–E grades first, the reasons on the form.
    await act(lead, 'arende.prioritera', GRADED);
    res = await act(lead, 'arende.overlamna', {
      criteria: 'journalgranskning,juridiskt-komplext',
      decisionDate: addDays(today, -1),
      diaryNumber: 'VGR 2026-12',
      comment: 'Avdelningschefen beslutade fördjupad uppföljning',
    });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    expect(h.bot.stores.cases.get(caseId)!.track).toBe('fordjupad');
    // The card shows the deep ladder's own steps, the marker after 2b where the case stands (issue 31.4).
    expect(JSON.stringify(res.card)).toContain('"title":"▶ 2b"');
    expect(JSON.stringify(res.card)).not.toContain('"title":"3"');
    // Fördjupad uppföljning: 3a, 3b, 4a, 4b, 5; the steps 0–2b taken already count.
    const deep: [User, Record<string, string>][] = [
      [team, { to: '3a', comment: 'Anmodan skickad med jurist', deadline: addDays(today, 30) }],
      [officer, { to: '3b', comment: 'Ej rättat: nämnden beslutade återkrav' }],
      [officer, { to: '4a', comment: 'Kontrollplan fastställd', deadline: addDays(today, 90), ...board }],
      [officer, { to: '4b', comment: 'Kontrollplan följd upp', ...board }],
      [officer, { to: '5', comment: 'Nämnden beslutade vite', ...board }],
    ];
    for (const [user, data] of deep) await step(user, data);
    const walk = [...running, ...deep];
    const c = h.bot.stores.cases.get(caseId)!;
    expect(c.events.filter((e) => e.type === 'steg').map((e) => e.to)).toEqual(walk.map(([, d]) => d['to']));
    expect(c.events.filter((e) => e.type === 'overlamnad')).toMatchObject([
      { to: 'fordjupad', details: { decisionDate: addDays(today, -1) } },
    ]);
    expect(c.deadlines.filter((d) => !d.closedAt)).toEqual([]);
    // Every decision documented (the report is the reporter's; the A–E grades are the grades themselves).
    expect(c.events.filter((e) => e.type !== 'rapporterad' && e.type !== 'bedomning').every((e) => (e.comment ?? '').length > 2)).toBe(
      true,
    );
    res = await act(officer, 'arende.avsluta', {
      outcome: 'atgardad',
      summary: 'Slutrapport',
      feedback: 'Tack! Rutinen för utskrivning är skärpt.',
      endedBy: 'lopande',
    });
    // A return to running follow-up ends the deep follow-up, not the case (issue 31.3): it goes on,
    // open, on the running ladder where it stands there (after 5: at 3).
    expect(h.bot.stores.cases.get(caseId)).toMatchObject({ status: 'uppfoljning', track: 'lopande', step: '3' });
    expect(h.bot.stores.cases.get(caseId)!.events.at(-1)).toMatchObject({ type: 'aterford', from: 'fordjupad', to: 'lopande' });
    // A deep follow-up always ends with a final report for the board (002_… kapitel 3), as a card and a file.
    const finalReport = await h.acceptFile(officer);
    expect(finalReport).toContain('Slutrapport');
    expect(finalReport).toContain('Kontrollplan följd upp');
    expect(finalReport).toContain('Ej rättat: nämnden beslutade återkrav');
    const history = JSON.stringify(res.card);
    for (const step of [
      'Dialogbaserad avvikelsehantering',
      'Begäran om handlingsplan',
      'Anmodan om rättelse',
      'Åtgärder beslutade av nämnd eller styrelse',
    ])
      expect(history).toContain(step);

    // The reporter heard of each status change, and the return's feedback, but never internal notes.
    await h.connector.waitFor(() => feedbackTexts().includes('Rutinen för utskrivning är skärpt'));
    expect(feedbackTexts()).toContain('följs vidare i den löpande uppföljningen');
    expect(feedbackTexts()).toContain('handlingsplan med tidsgräns');
    expect(feedbackTexts()).toContain('Åtgärdsstrategi och fortsatta åtgärder');
    expect(feedbackTexts()).not.toContain('Samtal med avdelningschef');
    await h.say(reporter, personal(reporter), 'mina avvikelser');
    const detail = await h.execute(reporter, personal(reporter), 'avvikelse.visa', { caseId });
    expect(JSON.stringify(detail.card)).not.toContain('VGR-N 2026-77');
    expect(JSON.stringify(detail.card)).not.toMatch(/RÖD|GUL|GRÖN/);
  });

  it('refuses a medarbetare, a deep step on the running ladder, a 4a without a board decision and a missing deadline, changing nothing but the audit trail', async () => {
    caseId = await report('medtanken');
    await act(officer, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Följs upp' });
    await act(officer, 'arende.steg', { to: '1', comment: 'Dialog', contactNote: 'Samtal', skipReason: 'xyz' });
    const running4a = await act(officer, 'arende.steg', {
      to: '4a',
      comment: 'Kontrollplan',
      deadline: addDays(today, 60),
      skipReason: 'x',
    });
    expect(JSON.stringify(running4a.card)).toContain('Steg 4a hör till den fördjupade uppföljningen');
    const byStaff = await act(staff, 'arende.overlamna', { decisionDate: today, comment: 'Själv' });
    expect(JSON.stringify(byStaff.body)).toMatch(/Ärendena hanteras av uppföljningsteamet/);
    await act(lead, 'arende.prioritera', GRADED);
    await act(lead, 'arende.overlamna', { criteria: 'journalgranskning', decisionDate: today, comment: 'Avdelningschefen beslutade' });
    expect(h.bot.stores.cases.get(caseId)!.track).toBe('fordjupad');
    const before = JSON.stringify(h.bot.stores.cases.get(caseId));
    const auditBefore = h.bot.stores.audit.all().length;

    const forgedByStaff = await act(staff, 'arende.steg', { to: '3a', comment: 'Eskalerar själv' });
    expect(JSON.stringify(forgedByStaff.body)).toMatch(/Ärendena hanteras av uppföljningsteamet/);
    const forged4a = await act(officer, 'arende.steg', {
      to: '4a',
      comment: 'Kontrollplan',
      deadline: addDays(today, 60),
      skipReason: 'x',
    });
    expect(JSON.stringify(forged4a.card)).toContain('nämndens eller styrelsens beslut');
    // The running ladder's step 3 is not on the deep one.
    const running3 = await act(lead, 'arende.steg', { to: '3', comment: 'Strategi', purpose: 'a', strategy: 'b', plannedMeasures: 'c' });
    expect(JSON.stringify(running3.card)).toContain('Steg 3 hör till den löpande uppföljningen');
    // 3a is the team's; a case officer lacks the mandate.
    const forged3a = await act(officer, 'arende.steg', { to: '3a', comment: 'Anmodan', deadline: addDays(today, 30), skipReason: 'x' });
    // Named in words, never as role ids.
    expect(JSON.stringify(forged3a.card)).toContain('Det här beslutas av teamet: be dem ta beslutet.');
    const noDeadline = await act(officer, 'arende.steg', { to: '2a', comment: 'Plan', contactNote: 'Mejl', contactPerson: 'Kim' });
    expect(JSON.stringify(noDeadline.card)).toContain('kräver en tidsgräns');

    expect(JSON.stringify(h.bot.stores.cases.get(caseId))).toBe(before);
    // The forged role and the missing mandate are audited (a fixed-size record each); the two
    // forms sent back for a missing field are not attempts, only mistakes.
    const audit = h.bot.stores.audit.all().slice(auditBefore);
    expect(audit.map((a) => [a.action, a.details['verb'], a.subject])).toEqual([
      ['refused', 'arende.steg', caseId],
      ['refused', 'step', caseId],
    ]);
    expect(audit.every((a) => a.action === 'refused' && a.subject === caseId)).toBe(true);
  });

  it('offers contract measures only where a contract gives them, and a final one only after 1–3b or with reasons by the mandate', async () => {
    await act(officer, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'allvarlig', comment: 'Allvarlig' });
    const measure = { measure: 'aterkrav', comment: 'Nämnden beslutade återkrav', boardDate: addDays(today, -1), diaryNumber: 'N-1' };
    // Södra Älvsborgs sjukhus is the region's own: the collaboration ladder, no återkrav (issue 31.1).
    const own = await act(officer, 'arende.atgard', { ...measure, skipReason: 'Akut' });
    expect(JSON.stringify(own.card)).toContain('hör till avtalsuppföljningen och finns inte på samverkanstrappan');
    expect(h.bot.stores.cases.get(caseId)!.events.map((e) => e.type)).toEqual(['rapporterad', 'triagerad']);

    // Medtanken is a private provider under vårdval: the contract has återkrav.
    caseId = await report('medtanken');
    // Scope: an officer for Södra Älvsborg does not act on Medtanken's case.
    const outOfScope = await act(officer2, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'allvarlig', comment: 'x' });
    expect(JSON.stringify(outOfScope.body ?? outOfScope.card)).not.toContain('Sparat');
    expect(h.bot.stores.cases.get(caseId)!.status).toBe('ny');
    await act(privateOfficer, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'allvarlig', comment: 'Allvarlig' });
    // On the running ladder no final measure is taken (issue 31.3): the case is handed over first.
    const running = await act(privateOfficer, 'arende.atgard', measure);
    expect(JSON.stringify(running.card)).toContain('bara i den fördjupade uppföljningen');
    await act(privateOfficer, 'arende.prioritera', GRADED);
    await act(privateOfficer, 'arende.overlamna', {
      criteria: 'havning',
      decisionDate: addDays(today, -1),
      comment: 'Avdelningschefen beslutade fördjupad uppföljning',
    });
    expect(h.bot.stores.cases.get(caseId)!.track).toBe('fordjupad');
    const refused = await act(privateOfficer, 'arende.atgard', measure);
    expect(JSON.stringify(refused.card)).toContain('Saknas: 1, 2a, 2b, 3a, 3b');
    // One reason for five steps is a blanket skip (issue 31.3): each step passed over its own.
    const blanket = await act(lead, 'arende.atgard', { ...measure, skipReason: 'Akut fara för patientsäkerheten' });
    expect(JSON.stringify(blanket.card)).toContain('Saknas: 1, 2a, 2b, 3a, 3b');
    const eachStep = Object.fromEntries(['1', '2a', '2b', '3a', '3b'].map((s) => [`skip_${s}`, `Akut fara (${s})`]));
    // Skipping 3a is the team's decision: a case officer's reason is not enough.
    const noMandate = await act(privateOfficer, 'arende.atgard', { ...measure, ...eachStep });
    expect(JSON.stringify(noMandate.card)).toContain('Att hoppa över steg 3a beslutas av teamet.');
    expect(JSON.stringify(noMandate.card)).not.toMatch(/handlaggare|teamledare\//);
    expect(h.bot.stores.cases.get(caseId)!.skipReasons).toEqual({});
    const accepted = await act(lead, 'arende.atgard', { ...measure, ...eachStep });
    expect(JSON.stringify(accepted.card)).toContain('Sparat');
    expect(h.bot.stores.cases.get(caseId)!.skipReasons).toEqual(
      Object.fromEntries(['1', '2a', '2b', '3a', '3b'].map((s) => [s, `Akut fara (${s})`])),
    );
  });

  it('lets one of two concurrent step submits win; the other gets the fresh card and no event is lost', async () => {
    await act(officer, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Följs upp' });
    const v = String(version());
    const [a, b] = await Promise.all([
      h.execute(officer, personal(officer), 'arende.steg', { caseId, version: v, to: '0', comment: 'Normalläge A' }),
      h.execute(officer2, personal(officer2), 'arende.steg', { caseId, version: v, to: '0', comment: 'Normalläge B' }),
    ]);
    const texts = [JSON.stringify(a.card), JSON.stringify(b.card)];
    expect(texts.filter((t) => t.includes('Sparat'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Någon annan uppdaterade ärendet'))).toHaveLength(1);
    const c = h.bot.stores.cases.get(caseId)!;
    expect(c.events.filter((e) => e.type === 'steg')).toHaveLength(1);
    expect(c.events.map((e) => e.type)).toEqual(['rapporterad', 'triagerad', 'steg']);
  });

  it('shows the provider red for a serious open case, only to the team, and lists cases with filters', async () => {
    // The light is the contract follow-up's tool (issue 31.5): Medtanken, the register's contracted
    // provider, gets one; Södra Älvsborgs sjukhus, a regional unit, is shown without a colour.
    const medtanken = await report('medtanken');
    const actOn = (user: User, verb: string, data: Record<string, unknown>) =>
      h.execute(user, personal(user), verb, { caseId: medtanken, version: String(h.bot.stores.cases.get(medtanken)!.version), ...data });
    const light = async () => {
      await h.say(privateOfficer, channel('med'), 'leverantör Medtanken');
      const card = h.connector.cards(channel('med').conversationId).at(-1)!;
      expect(cardProblems(card)).toEqual([]);
      return JSON.stringify(card);
    };
    const red = async () => {
      await h.say(privateOfficer, channel('med'), 'mötesunderlag');
      return JSON.stringify(h.connector.cards(channel('med').conversationId).at(-1)).match(/röd bedömning \((\d+)/)?.[1];
    };
    // The light only where the team works: not in an ordinary channel, in one it linked.
    await h.say(privateOfficer, channel('med'), 'leverantör Medtanken');
    expect(h.connector.texts(channel('med').conversationId).at(-1)).toContain('interna bedömning');
    await h.say(privateOfficer, channel('med'), 'koppla Medtanken');
    await h.say(officer, channel('sas'), 'koppla Södra Älvsborgs sjukhus');
    await h.say(officer, channel('sas'), 'leverantör Södra Älvsborgs sjukhus');
    const regional = JSON.stringify(h.connector.cards(channel('sas').conversationId).at(-1));
    expect(regional).toContain('utan färg');
    expect(regional).not.toMatch(/Verksamhetsbedömning: /);
    const number = h.bot.stores.cases.get(medtanken)!.number;
    expect(await red()).toBe('0');
    // Only confirmed deviations count (002_… kapitel 2): a fresh report leaves the provider green.
    expect(await light()).toContain('Verksamhetsbedömning: GRÖN');
    expect(await light()).toContain('Inga bekräftade avvikelser de senaste 12 månaderna');
    // Serious, an action plan asked for, then followed up as not carried out: the same for both cases.
    const serious = { decision: 'narmare-uppfoljning', assessment: 'allvarlig', comment: 'Allvarlig' };
    const plan = {
      to: '2a',
      comment: 'Plan',
      contactNote: 'Mejl',
      contactPerson: 'Kim',
      deadline: addDays(today, 60),
      skipReason: 'Allvarlig',
    };
    const notDone = { to: '2b', comment: 'Följd upp', contactNote: 'Möte', outcome: 'ej-genomford' };
    await actOn(privateOfficer, 'arende.triage', serious);
    expect(await light()).toContain('Verksamhetsbedömning: GUL');
    await actOn(privateOfficer, 'arende.steg', plan);
    expect(await light()).toContain(`Handlingsplan pågår: ${number}`);
    // A serious deviation the plan did not remedy: red, with the case named.
    await actOn(privateOfficer, 'arende.steg', notDone);
    expect(await light()).toContain('Verksamhetsbedömning: RÖD');
    expect(await light()).toContain(`handlingsplanen inte har åtgärdat: ${number}`);
    // The meeting summary sees the same change (the lights are kept only while no case changes).
    expect(await red()).toBe('1');
    await h.say(staff, personal(staff), 'leverantör Medtanken');
    expect(h.connector.texts(personal(staff).conversationId).at(-1)).toContain('görs av uppföljningsteamet');
    expect(JSON.stringify(h.connector.recorded.filter((r) => r.conversationId === personal(staff).conversationId))).not.toMatch(/RÖD/);

    // The officer for Södra Älvsborgs sjukhus: its case in the lists, on the collaboration ladder
    // (issue 31.1): the dialogue's agreement with a date, then its follow-up.
    const sasNumber = h.bot.stores.cases.get(caseId)!.number;
    for (const [verb, data] of [
      ['arende.triage', serious],
      ['arende.steg', { ...plan, to: 's1' }],
      ['arende.steg', { ...notDone, to: 's2' }],
    ] as const)
      await act(officer2, verb, data);
    expect(h.bot.stores.cases.get(caseId)!.step).toBe('s2');
    await h.say(officer2, personal(officer2), 'ärenden nya');
    expect(JSON.stringify(h.connector.cards(personal(officer2).conversationId).at(-1))).toContain('Inga ärenden matchar');
    await h.say(officer2, personal(officer2), 'ärenden steg 2b');
    expect(JSON.stringify(h.connector.cards(personal(officer2).conversationId).at(-1))).toContain('Inga ärenden matchar');
    await h.say(officer2, personal(officer2), 'ärenden steg s2');
    const list = h.connector.cards(personal(officer2).conversationId).at(-1)!;
    expect(cardProblems(list)).toEqual([]);
    expect(JSON.stringify(list)).toContain(sasNumber);
    await h.say(officer2, personal(officer2), 'ärenden försenade');
    expect(JSON.stringify(h.connector.cards(personal(officer2).conversationId).at(-1))).toContain('Inga ärenden matchar');
    await h.say(staff, personal(staff), 'ärenden');
    expect(h.connector.texts(personal(staff).conversationId).at(-1)).toContain('hanteras av uppföljningsteamet');

    // Closed as remedied: yellow while it is recent, no longer red.
    await actOn(privateOfficer, 'arende.avsluta', { outcome: 'atgardad', summary: 'Klart', feedback: 'Tack för rapporten.' });
    expect(await light()).toContain('Verksamhetsbedömning: GUL');
    expect(await light()).toContain(`Bekräftade avvikelser de senaste 12 månaderna: ${number}`);
    expect(await red()).toBe('0');
  });
});

describe('a light report, classified at the first assessment (issue 16, item 14)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: { 'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] } } });
    await h.install(reporter, personal(reporter));
  });
  afterEach(async () => h.stop());

  it('registers a report without cause, consequence and severity ("vet ej"), and the officer sets them at triage', async () => {
    // What the receiver needs to act, nothing more: type, date, own unit, receiver, category, what happened, what was done, the dialogue.
    const created = await h.report(reporter, minimumReport({ eventDate: addDays(today, -1), cause: 'vet-ej', dialogue: 'nej' }));
    expect(created, 'the light report is registered').toBeDefined();
    expect([created!.report.cause, created!.report.consequence, created!.report.severity]).toEqual([undefined, undefined, undefined]);
    const act = (data: Record<string, unknown>) =>
      h.execute(officer, personal(officer), 'arende.triage', {
        caseId: created!.id,
        version: String(h.bot.stores.cases.get(created!.id)!.version),
        ...data,
      });
    const shown = await h.execute(officer, personal(officer), 'arende.visa', { caseId: created!.id });
    expect(JSON.stringify(shown.card)).toContain('Vet ej');
    const form = await h.execute(officer, personal(officer), 'arende.formular', {
      caseId: created!.id,
      version: String(created!.version),
      form: 'triage',
    });
    expect(cardProblems(form.card)).toEqual([]);
    for (const field of ['cause', 'consequence', 'severity']) expect(findInput(form.card, field), field).toBeDefined();

    const missing = await act({ decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Följs upp' });
    expect(fieldError(missing.card, 'cause')).toContain('Sätt orsak');
    expect(h.bot.stores.cases.get(created!.id)!.status).toBe('ny');

    const done = await act({
      decision: 'narmare-uppfoljning',
      assessment: 'mindre',
      comment: 'Följs upp',
      cause: 'kommunikationsbrist',
      consequence: 'tillbud',
      severity: '2',
    });
    expect(JSON.stringify(done.card)).toContain('Sparat');
    const c = h.bot.stores.cases.get(created!.id)!;
    expect(c.report).toMatchObject({
      cause: 'kommunikationsbrist',
      consequence: 'tillbud',
      severity: 2,
      description: created!.report.description,
    });
    expect(c.events.at(-1)!.details).toMatchObject({ cause: 'kommunikationsbrist', consequence: 'tillbud', severity: 2 });
  });

  it('does not ask again for what the reporter already classified', async () => {
    const created = await h.report(
      reporter,
      minimumReport({ eventDate: addDays(today, -1), cause: 'kommunikationsbrist', consequence: 'risk', severity: '1' }),
    );
    const form = await h.execute(officer, personal(officer), 'arende.formular', {
      caseId: created!.id,
      version: String(created!.version),
      form: 'triage',
    });
    for (const field of ['cause', 'consequence', 'severity']) expect(findInput(form.card, field), field).toBeUndefined();
  });
});

describe('times in the case history are Stockholm wall-clock times (issue 16, item 2)', () => {
  it('shows each event at the hour it had in Sweden, across the night summer time starts', async () => {
    // 2026-03-29: at 01:00 UTC Swedish clocks jump from 02:00 to 03:00.
    const clock = new ManualClock(new Date('2026-03-29T00:40:00Z')); // 01:40 winter time
    const h = await Harness.start({ clock, roles: { 'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] } } });
    try {
      const created = await h.report(
        reporter,
        minimumReport({ eventDate: '2026-03-28', cause: 'kommunikationsbrist', consequence: 'risk', severity: '1' }),
      );
      clock.set(new Date('2026-03-29T01:40:00Z')); // an hour later: 03:40 summer time
      await h.execute(officer, personal(officer), 'arende.triage', {
        caseId: created!.id,
        version: String(created!.version),
        decision: 'narmare-uppfoljning',
        assessment: 'mindre',
        comment: 'Följs upp',
      });
      const card = JSON.stringify((await h.execute(officer, personal(officer), 'arende.visa', { caseId: created!.id })).card);
      expect(card).toContain('2026-03-29 01:40');
      expect(card).toContain('2026-03-29 03:40');
      expect(card).not.toContain('02:40');
      expect(card).not.toContain('00:40');
    } finally {
      await h.stop();
    }
  });
});
