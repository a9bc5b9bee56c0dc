import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testToday } from './support/clock.js';
import { Harness, channel, personal, type User } from './support/harness.js';
import { actionData, cardProblems, unexpanded } from './support/cards.js';
import { addDays } from '../src/core/clock.js';

const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const officer2: User = { aadObjectId: 'aad-off2', name: 'Oskar Handläggare' };
const lead: User = { aadObjectId: 'aad-lead', name: 'Lena Teamledare' };
const team: User = { aadObjectId: 'aad-team', name: 'Tea Jurist' };
const staff: User = { aadObjectId: 'aad-staff', name: 'Sam Medarbetare' };
const today = testToday;

describe('handling a case along the ladder over /api/messages', () => {
  let h: Harness;
  let caseId: string;

  beforeEach(async () => {
    h = await Harness.start({
      roles: {
        'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
        'aad-off2': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
        'aad-lead': { roles: ['teamledare'], providers: ['*'] },
        'aad-team': { roles: ['teamet'], providers: ['sodra-alvsborgs-sjukhus'] },
      },
    });
    await h.install(reporter, personal(reporter));
    await h.say(reporter, personal(reporter), 'ny avvikelse');
    const formId = String(actionData(h.connector.cards().at(-1), 'avvikelse.skicka')?.['formId']);
    await h.execute(reporter, personal(reporter), 'avvikelse.skicka', {
      formId,
      kind: 'avvikelse',
      eventDate: addDays(today, -2),
      reporterUnit: 'boras',
      receiver: 'sodra-alvsborgs-sjukhus',
      category: 'in-och-utskrivning',
      cause: 'ej-foljt-rutin',
      consequence: 'negativ-handelse',
      severity: '3',
      description: 'Patienten skrevs ut utan att hemsjukvården fått information.',
      immediateAction: 'Hemsjukvården gjorde hembesök samma kväll.',
      dialogue: 'nej',
    });
    caseId = h.bot.stores.cases.all()[0]!.id;
  });
  afterEach(async () => h.stop());

  const version = () => h.bot.stores.cases.get(caseId)!.version;
  const act = (user: User, verb: string, data: Record<string, unknown>, where = personal(user)) =>
    h.execute(user, where, verb, { caseId, version: String(version()), ...data });
  const feedbackTexts = () => JSON.stringify(h.connector.cards(personal(reporter).conversationId));

  it('walks 0 → 1 → 2a → 2b → 3 → 3a → 3b → 4a → 4b → 5 with the right roles, each documented, all in the history', async () => {
    let res = await act(officer, 'arende.triage', {
      decision: 'narmare-uppfoljning',
      assessment: 'allvarlig',
      comment: 'Allvarlig brist i utskrivning',
    });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    const board = { boardDate: addDays(today, -1), diaryNumber: 'VGR-N 2026-77' };
    const walk: [User, Record<string, string>][] = [
      [officer, { to: '0', comment: 'Normalläge inför dialog' }],
      [officer, { to: '1', comment: 'Dialog inledd', contactNote: 'Samtal med avdelningschef' }],
      [
        officer,
        { to: '2a', comment: 'Handlingsplan begärd', contactNote: 'Mejl', contactPerson: 'Kim Kontakt', deadline: addDays(today, 60) },
      ],
      [officer, { to: '2b', comment: 'Planen följd upp', contactNote: 'Uppföljningsmöte', outcome: 'ej-genomford' }],
      [lead, { to: '3', comment: 'Åtgärdsstrategi: syfte, strategi, åtgärder' }],
      [team, { to: '3a', comment: 'Anmodan skickad med jurist', deadline: addDays(today, 30) }],
      [officer, { to: '3b', comment: 'Ej rättat: nämnden beslutade återkrav', ...board }],
      [officer, { to: '4a', comment: 'Kontrollplan fastställd', deadline: addDays(today, 90), ...board }],
      [officer, { to: '4b', comment: 'Kontrollplan följd upp', ...board }],
      [officer, { to: '5', comment: 'Nämnden beslutade vite', ...board }],
    ];
    for (const [user, data] of walk) {
      res = await act(user, 'arende.steg', data);
      expect(cardProblems(res.card), `${data['to']} ${unexpanded(res.card).join(' | ')}`).toEqual([]);
      expect(
        JSON.stringify(res.card),
        `${data['to']}: ${JSON.stringify(res.card).match(/"color":"Attention"[^}]*"text":"[^"]*"/)?.[0]}`,
      ).toContain('Sparat');
      expect(h.bot.stores.cases.get(caseId)!.step).toBe(data['to']);
    }
    const c = h.bot.stores.cases.get(caseId)!;
    expect(c.events.filter((e) => e.type === 'steg').map((e) => e.to)).toEqual(walk.map(([, d]) => d['to']));
    expect(c.deadlines.filter((d) => !d.closedAt)).toEqual([]);
    expect(c.events.filter((e) => e.type !== 'rapporterad').every((e) => (e.comment ?? '').length > 2)).toBe(true);
    res = await act(officer, 'arende.avsluta', {
      outcome: 'atgardad',
      summary: 'Slutrapport',
      feedback: 'Tack! Rutinen för utskrivning är skärpt.',
      endedBy: 'lopande',
    });
    expect(h.bot.stores.cases.get(caseId)!.status).toBe('avslutad');
    const history = JSON.stringify(res.card);
    for (const step of [
      'Dialogbaserad avvikelsehantering',
      'Begäran om handlingsplan',
      'Anmodan om rättelse',
      'Åtgärder beslutade av nämnd eller styrelse',
    ])
      expect(history).toContain(step);

    // The reporter heard of each status change, and the closing feedback, but never internal notes.
    await h.connector.waitFor(() => feedbackTexts().includes('Rutinen för utskrivning är skärpt'));
    expect(feedbackTexts()).toContain('handlingsplan med tidsgräns');
    expect(feedbackTexts()).toContain('Åtgärdsstrategi och fortsatta åtgärder');
    expect(feedbackTexts()).not.toContain('Samtal med avdelningschef');
    await h.say(reporter, personal(reporter), 'mina avvikelser');
    const detail = await h.execute(reporter, personal(reporter), 'avvikelse.visa', { caseId });
    expect(JSON.stringify(detail.card)).not.toContain('VGR-N 2026-77');
    expect(JSON.stringify(detail.card)).not.toMatch(/RÖD|GUL|GRÖN/);
  });

  it('refuses a medarbetare, a forged 4a without a board decision and a missing deadline, changing nothing but the audit trail', async () => {
    await act(officer, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'mindre', comment: 'Följs upp' });
    await act(officer, 'arende.steg', { to: '1', comment: 'Dialog', contactNote: 'Samtal', skipReason: 'xyz' });
    const before = JSON.stringify(h.bot.stores.cases.get(caseId));
    const auditBefore = h.bot.stores.audit.all().length;

    const forgedByStaff = await act(staff, 'arende.steg', { to: '3', comment: 'Eskalerar själv' });
    expect(JSON.stringify(forgedByStaff.body)).toMatch(/kräver rollen handläggare/);
    const forged4a = await act(officer, 'arende.steg', {
      to: '4a',
      comment: 'Kontrollplan',
      deadline: addDays(today, 60),
      skipReason: 'x',
    });
    expect(JSON.stringify(forged4a.card)).toContain('nämndens eller styrelsens beslut');
    const forged3 = await act(officer, 'arende.steg', { to: '3', comment: 'Strategi', skipReason: 'x' });
    expect(JSON.stringify(forged3.card)).toContain('Du saknar mandat');
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

  it('refuses a final measure without earlier steps, accepts it with reasons for the skipped ones', async () => {
    await act(officer, 'arende.triage', { decision: 'narmare-uppfoljning', assessment: 'allvarlig', comment: 'Allvarlig' });
    const measure = { measure: 'aterkrav', comment: 'Nämnden beslutade återkrav', boardDate: addDays(today, -1), diaryNumber: 'N-1' };
    const refused = await act(officer, 'arende.atgard', measure);
    expect(JSON.stringify(refused.card)).toContain('Saknas: 1, 2a, 2b');
    const accepted = await act(officer, 'arende.atgard', { ...measure, skipReason: 'Akut fara för patientsäkerheten' });
    expect(JSON.stringify(accepted.card)).toContain('Sparat');
    expect(h.bot.stores.cases.get(caseId)!.skipReasons).toMatchObject({
      '1': 'Akut fara för patientsäkerheten',
      '2b': 'Akut fara för patientsäkerheten',
    });
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
    await h.say(officer, channel('sas'), 'leverantör Södra Älvsborgs sjukhus');
    const card = h.connector.cards(channel('sas').conversationId).at(-1)!;
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Verksamhetsbedömning: RÖD');
    await h.say(staff, personal(staff), 'leverantör Södra Älvsborgs sjukhus');
    expect(h.connector.texts(personal(staff).conversationId).at(-1)).toContain('visas bara för');
    expect(JSON.stringify(h.connector.recorded.filter((r) => r.conversationId === personal(staff).conversationId))).not.toMatch(/RÖD/);

    await h.say(officer, personal(officer), 'ärenden nya');
    const list = h.connector.cards(personal(officer).conversationId).at(-1)!;
    expect(cardProblems(list)).toEqual([]);
    expect(JSON.stringify(list)).toContain('AVV-');
    await h.say(officer, personal(officer), 'ärenden försenade');
    expect(JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1))).toContain('Inga ärenden matchar');
    await h.say(staff, personal(staff), 'ärenden');
    expect(h.connector.texts(personal(staff).conversationId).at(-1)).toContain('kräver rollen');

    await act(officer, 'arende.avsluta', { outcome: 'atgardad', summary: 'Klart', feedback: 'Tack för rapporten.' });
    await h.say(officer, channel('sas'), 'leverantör Södra Älvsborgs sjukhus');
    expect(JSON.stringify(h.connector.cards(channel('sas').conversationId).at(-1))).toContain('Verksamhetsbedömning: GRÖN');
  });
});
