// The receiving provider answers (issue 14), driven as Teams drives the bot: the mottagare hears
// of a new deviation, acknowledges it, asks the reporting unit, investigates with measures and
// answers; the reporter and the unit's chef get the answer and judge it; a not accepted answer
// reaches the follow-up team with a suggested step; on a measure's date its owner is asked
// whether it worked, and the answer counts in the statistics. Seeds: 000_… (feedback and
// dialogue between the parties), 001_… (managers follow up and give feedback).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { nextWorkingDay } from '../src/reminders/calendar.js';
import { testToday } from './support/clock.js';
import { Harness, channel, personal, type User } from './support/harness.js';
import { actionData, cardProblems, fieldError } from './support/cards.js';

const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const receiver: User = { aadObjectId: 'aad-mot', name: 'Mona Mottagare' };
const chef: User = { aadObjectId: 'aad-chef', name: 'Charlotte Chef' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const lead: User = { aadObjectId: 'aad-lead', name: 'Lena Teamledare' };
const otherReceiver: User = { aadObjectId: 'aad-mot2', name: 'Nils NU' };
const otherOfficer: User = { aadObjectId: 'aad-off2', name: 'Nora Handläggare' };

const ROLES = {
  'aad-mot': { roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
  'aad-chef': { roles: ['chef'], providers: ['boras'] },
  'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
  'aad-lead': { roles: ['teamledare'], providers: ['*'] },
  'aad-mot2': { roles: ['mottagare'], providers: ['nu-sjukvarden'] },
  'aad-off2': { roles: ['handlaggare'], providers: ['nu-sjukvarden'] },
};

async function report(h: Harness, receiverId: string, eventDate: string) {
  const created = await h.report(reporter, {
    kind: 'avvikelse',
    eventDate,
    reporterUnit: 'boras',
    receiver: receiverId,
    category: 'in-och-utskrivning',
    cause: 'kommunikationsbrist',
    consequence: 'negativ-handelse',
    severity: '3',
    description: 'Utskrivningsinformationen kom inte fram till hemsjukvården.',
    immediateAction: 'Ringde avdelningen.',
    dialogue: 'nej',
  });
  return created!;
}

/** The cards a user received in their personal chat that mention a text. */
const received = (h: Harness, user: User, text: string) =>
  h.connector.cards(personal(user).conversationId).filter((c) => JSON.stringify(c).includes(text));

describe('the receiving provider answers the reporting unit', () => {
  let h: Harness | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('runs the whole loop: notified, kvittera, question and reply, answer with two measures, not accepted, the team told, the effect asked and counted', async () => {
    h = await Harness.start({ roles: ROLES });
    for (const u of [reporter, receiver, chef, officer, lead, otherReceiver]) await h.install(u, personal(u));
    const c = await report(h, 'sodra-alvsborgs-sjukhus', addDays(testToday, -1));
    const act = (u: User, verb: string, data: Record<string, unknown> = {}) => h!.execute(u, personal(u), verb, { caseId: c.id, ...data });

    // The mottagare is told in the personal chat, with the reporting unit and never the reporter's name.
    await h.connector.waitFor(() => received(h!, receiver, c.number).length > 0);
    const notice = received(h, receiver, c.number)[0]!;
    expect(cardProblems(notice)).toEqual([]);
    expect(JSON.stringify(notice)).toContain('Borås Stad');
    expect(JSON.stringify(notice)).not.toContain('Rut');
    // A mottagare of another provider hears nothing.
    expect(received(h, otherReceiver, c.number)).toEqual([]);

    let res = await act(receiver, 'svar.visa');
    expect(cardProblems(res.card)).toEqual([]);
    expect(JSON.stringify(res.card)).not.toContain('Rut Rapportör');
    expect(actionData(res.card, 'svar.kvittera')).toMatchObject({ caseId: c.id });

    // Kvittera: the reporting side (the reporter and the unit's chef) hears of it.
    await act(receiver, 'svar.kvittera');
    await h.connector.waitFor(() => received(h!, chef, 'kvitterat').length > 0);
    expect(received(h, reporter, 'Mottagaren har kvitterat')).toHaveLength(1);

    // A question to the reporting unit and its reply, each side told.
    await act(receiver, 'svar.skriv', { text: 'Vilken tid gick patienten hem?' });
    await h.connector.waitFor(() => received(h!, reporter, 'Vilken tid gick patienten hem?').length > 0);
    expect(received(h, chef, 'Vilken tid gick patienten hem?')).toHaveLength(1);
    await act(reporter, 'svar.skriv', { text: 'Strax efter klockan 16.' });
    await h.connector.waitFor(() => received(h!, receiver, 'Strax efter klockan 16.').length > 0);

    // The investigation with two measures, each with an owner and a date, and the answer.
    // A working day, so the effect question comes on the date itself (reminders skip weekends
    // and holidays): with TEST_NOW on New Year's Eve, 30 days on is a Saturday.
    const due1 = nextWorkingDay(addDays(testToday, 30), [1, 2, 3, 4, 5]);
    const due2 = addDays(testToday, 45);
    // Without a coded cause: asked for one, next to its field, nothing stored.
    const uncoded = await act(receiver, 'svar.skicka', { whatHappened: 'Epikrisen skickades inte.', cause: 'Rutinen.', answer: 'Svar.' });
    expect(fieldError(uncoded.card, 'causes')).toBe('Välj minst en orsak.');
    const bad = await act(receiver, 'svar.skicka', {
      whatHappened: 'Epikrisen skickades inte.',
      causes: 'ej-foljt-rutin',
      cause: 'Rutinen följdes inte.',
      answer: 'Vi har gått igenom rutinen.',
      measure1: 'Utbilda personalen i utskrivningsrutinen',
    });
    expect(JSON.stringify(bad.card)).toContain('Välj vem som är ansvarig.');
    expect(JSON.stringify(bad.card)).toContain('Utbilda personalen i utskrivningsrutinen');
    expect(h.bot.stores.answers.get(c.id)?.answer).toBeUndefined();
    res = await act(receiver, 'svar.skicka', {
      whatHappened: 'Epikrisen skickades inte till hemsjukvården.',
      causes: 'ej-foljt-rutin,kommunikationsbrist',
      cause: 'Rutinen för utskrivning följdes inte en helg.',
      answer: 'Vi har gått igenom rutinen med avdelningen och inför en kontroll före hemgång.',
      measure1: 'Utbilda personalen i utskrivningsrutinen',
      owner1: 'mottagare',
      due1,
      measure2: 'Följ upp hembesöken efter utskrivning',
      owner2: 'chef',
      due2,
    });
    expect(JSON.stringify(res.card)).toContain('Sparat');
    expect(h.bot.stores.answers.get(c.id)?.investigation?.measures).toHaveLength(2);
    // The causes coded with the reference causes (issue 35.1), shown by name.
    expect(h.bot.stores.answers.get(c.id)?.investigation?.causes).toEqual(['ej-foljt-rutin', 'kommunikationsbrist']);
    expect(JSON.stringify(res.card)).toContain('Ej följt befintliga rutiner, Kommunikationsbrist mellan vårdgivare');

    // The reporter, the chef and the follow-up team get the answer.
    await h.connector.waitFor(() => received(h!, chef, 'inför en kontroll före hemgång').length > 0);
    expect(received(h, reporter, 'inför en kontroll före hemgång')).toHaveLength(1);
    await h.connector.waitFor(() => received(h!, officer, 'Mottagaren har svarat').length > 0);

    // Not accepted needs a reason; with it, the mottagare and the follow-up team hear of it.
    const noReason = await act(chef, 'svar.bedom', { accepted: 'nej' });
    expect(JSON.stringify(noReason.card)).toContain('Skriv varför ni inte accepterar svaret.');
    await act(chef, 'svar.bedom', { accepted: 'nej', reason: 'Åtgärderna räcker inte för helgerna.' });
    await h.connector.waitFor(() => received(h!, officer, 'accepterades inte').length > 0);
    const teamNotice = JSON.stringify(received(h, officer, 'accepterades inte')[0]);
    expect(teamNotice).toContain('Åtgärderna räcker inte för helgerna.');
    expect(teamNotice).toContain('Förslag till nästa steg');
    expect(received(h, receiver, 'inte accepterat')).toHaveLength(1);

    // The case card tells the follow-up team the same, with the suggestion.
    res = await h.execute(officer, personal(officer), 'arende.visa', { caseId: c.id });
    expect(cardProblems(res.card)).toEqual([]);
    expect(JSON.stringify(res.card)).toContain('Svaret är inte accepterat');
    expect(JSON.stringify(res.card)).toContain('svaret accepterades inte: Åtgärderna räcker inte för helgerna.');

    // The reporter's own view shows the answer's status.
    res = await h.execute(reporter, personal(reporter), 'avvikelse.visa', { caseId: c.id });
    expect(JSON.stringify(res.card)).toContain('Svaret är inte accepterat');

    // On the first measure's date its owner (the mottagare) is asked whether it worked.
    h.clock!.set(new Date(`${due1}T09:00:00Z`));
    await h.bot.reminders.sweep();
    const question = received(h, receiver, 'Fungerade åtgärden?');
    expect(question).toHaveLength(1);
    expect(cardProblems(question[0])).toEqual([]);
    const measure = h.bot.stores.answers.get(c.id)!.investigation!.measures[0]!;
    expect(actionData(question[0], 'svar.formular')).toMatchObject({ caseId: c.id, form: 'effect', measureId: measure.id });
    // The chef owns the other measure, not this one.
    const forged = await act(chef, 'svar.effekt', { measureId: measure.id, result: 'ja', comment: 'Klart' });
    expect(JSON.stringify(forged.card)).toContain('Åtgärden följs upp av den som är ansvarig för den.');
    await act(receiver, 'svar.effekt', { measureId: measure.id, result: 'delvis', comment: 'Helgpersonalen är inte utbildad än.' });
    expect(h.bot.stores.answers.get(c.id)!.investigation!.measures[0]!.effect).toMatchObject({ result: 'delvis' });
    await h.bot.reminders.sweep();
    expect(received(h, receiver, 'Fungerade åtgärden?')).toHaveLength(1);

    // The statistics of the year count the answer and the measure followed up for effect.
    await h.say(officer, personal(officer), `statistik ${due1.slice(0, 4)} Södra Älvsborgs sjukhus`);
    const stats = JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1));
    expect(stats).toContain('Åtgärder uppföljda för effekt');
    expect(stats).toContain('1 (fungerade: ja 0, delvis 1, nej 0)');
    // The year it was reported: the receiver's coded causes beside the reporter's (issue 35.1).
    await h.say(officer, personal(officer), `statistik ${testToday.slice(0, 4)} Södra Älvsborgs sjukhus`);
    const causes = JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1));
    expect(causes).toContain('Orsak: rapportörens första bedömning och mottagarens utredning');
    expect(causes).toContain('"Utredningen fann en annan orsak än rapportören","value":"0 av 1 utredningar"');
    expect(causes).toContain('"Kommunikationsbrist mellan vårdgivare","value":"rapportören 1 · mottagaren 1"');
    expect(causes).toContain('"Ej följt befintliga rutiner","value":"rapportören 0 · mottagaren 1"');
    // Learning in the figures (issue 35.4): the one answer not accepted, answered the day it came.
    expect(causes).toContain('"Svar som godtogs av rapporterande enhet","value":"0 % (0 av 1)"');
    expect(causes).toContain('"Tid från rapport till svar (median)","value":"0 dagar"');
    await h.say(officer, personal(officer), `årsrapport ${testToday.slice(0, 4)} Södra Älvsborgs sjukhus`);
    const board = JSON.stringify(h.connector.cards(personal(officer).conversationId).at(-1));
    expect(board).toContain('"text":"Lärande"');
    expect(board).toContain('"Svar som godtogs av rapporterande enhet","value":"0 % (0 av 1)"');
    await h.say(lead, personal(lead), `delregional rapport ${testToday.slice(0, 4)}`);
    const delregional = JSON.stringify(h.connector.cards(personal(lead).conversationId).at(-1));
    expect(delregional).toContain('"Svar som godtogs av rapporterande enhet","value":"0 % (0 av 1)"');

    // Everything is in the trail, the reporting side's names kept out of the export.
    expect(h.bot.stores.answers.get(c.id)!.events.map((e) => e.type)).toEqual([
      'kvitterad',
      'meddelande',
      'meddelande',
      'besvarad',
      'ej-accepterad',
      'effekt',
    ]);
  });

  it('shows a closed case as closed, with its outcome, not as waiting for an answer (issue 31.7)', async () => {
    h = await Harness.start({ roles: ROLES });
    for (const u of [reporter, receiver, officer]) await h.install(u, personal(u));
    const c = await report(h, 'sodra-alvsborgs-sjukhus', addDays(testToday, -1));
    const view = async () => JSON.stringify((await h!.execute(receiver, personal(receiver), 'svar.visa', { caseId: c.id })).card);
    expect(await view()).toContain('Inväntar mottagarens kvittens');
    // The first assessment closes it: no further measure.
    await h.execute(officer, personal(officer), 'arende.triage', {
      caseId: c.id,
      version: String(c.version),
      decision: 'ingen-atgard',
      assessment: 'mindre',
      comment: 'Redan åtgärdat i dialog.',
    });
    expect(h.bot.stores.cases.get(c.id)!.status).toBe('avslutad');
    const closed = await view();
    expect(closed).toContain('Ärendet är avslutat');
    expect(closed).toContain('Ingen åtgärd');
    expect(closed).not.toContain('Inväntar mottagarens kvittens');
    expect(closed).not.toContain('svar senast');
  });

  it('refuses every action to a mottagare or officer of another provider, changing nothing, audited', async () => {
    h = await Harness.start({ roles: ROLES });
    const c = await report(h, 'sodra-alvsborgs-sjukhus', addDays(testToday, -1));
    const before = h.bot.stores.answers.get(c.id);
    for (const [verb, data] of [
      ['svar.visa', {}],
      ['svar.kvittera', {}],
      ['svar.skriv', { text: 'Hej från fel vårdgivare' }],
      ['svar.skicka', { whatHappened: 'x x', cause: 'y y', answer: 'z z' }],
      ['svar.bedom', { accepted: 'ja' }],
    ] as const) {
      const res = await h.execute(otherReceiver, personal(otherReceiver), verb, { caseId: c.id, ...data });
      // Refused as a case outside their organisations, and nothing of the case shown.
      const shown = JSON.stringify(res.body ?? res.card);
      expect(shown, verb).toContain('ligger utanför de organisationer du företräder');
      expect(shown, verb).not.toContain(c.number);
    }
    expect(h.bot.stores.answers.get(c.id)).toEqual(before);
    // The reporter cannot answer on the receiver's behalf: a missing mandate, audited.
    const forged = await h.execute(reporter, personal(reporter), 'svar.kvittera', { caseId: c.id });
    expect(JSON.stringify(forged.card)).toContain('Det här gör mottagaren');
    const refused = h.bot.stores.audit.all().filter((a) => a.action === 'refused' && a.subject === c.id);
    // One fixed-size record per user and verb; each attempt is there.
    expect([...new Set(refused.map((a) => a.actor))].sort()).toEqual(['aad-mot2', 'aad-rep']);
    expect(refused.filter((a) => a.actor === 'aad-mot2')).toHaveLength(5);
  });

  it('keeps a handläggare for one provider out of another provider’s case everywhere', async () => {
    h = await Harness.start({ roles: ROLES });
    const nu = await report(h, 'nu-sjukvarden', addDays(testToday, -1));
    const sas = await report(h, 'sodra-alvsborgs-sjukhus', addDays(testToday, -1));
    const me = personal(officer);
    await h.say(officer, me, 'ärenden');
    const list = JSON.stringify(h.connector.cards(me.conversationId).at(-1));
    expect(list).toContain(sas.number);
    expect(list).not.toContain(nu.number);
    const forged = await h.execute(officer, me, 'arende.triage', {
      caseId: nu.id,
      decision: 'narmare-uppfoljning',
      assessment: 'allvarlig',
      comment: 'Forged',
    });
    expect(JSON.stringify(forged.body ?? forged.card)).toContain('ligger utanför de organisationer du företräder');
    expect(h.bot.stores.cases.get(nu.id)!.status).toBe('ny');
    await h.say(officer, me, 'statistik NU-sjukvården');
    expect(h.connector.texts(me.conversationId).at(-1)).toMatch(/NU-sjukvården/);
    expect(JSON.stringify(h.connector.cards(me.conversationId).at(-1))).not.toContain('Statistik');
    await h.say(officer, me, 'vårdgivare NU-sjukvården');
    expect(h.connector.texts(me.conversationId).at(-1)).toContain('visas bara för');
    await h.say(officer, channel('sas-team'), 'mötesunderlag');
    expect(JSON.stringify(h.connector.cards(channel('sas-team').conversationId).at(-1))).not.toContain(nu.number);
    await h.say(officer, me, 'exportera ärenden');
    const file = await h.acceptFile(officer);
    expect(file).toContain(sas.number);
    expect(file).not.toContain(nu.number);
    // The officer for NU-sjukvården sees theirs, and not the other.
    await h.say(otherOfficer, personal(otherOfficer), 'ärenden');
    expect(JSON.stringify(h.connector.cards(personal(otherOfficer).conversationId).at(-1))).not.toContain(sas.number);
  });

  it('reminds the mottagare before and on the answer’s day and the team lead after, once each, across restarts (FAKE_NOW)', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'answer-due-'));
    // Reported Monday 9 November 2026: the answer is due 60 days later, Friday 8 January 2027 (answers.json).
    h = await Harness.start({ roles: ROLES, dataDir: dir, fakeNow: '2026-11-09T10:00:00+01:00' });
    for (const u of [reporter, receiver, lead]) await h.install(u, personal(u));
    const c = await report(h, 'sodra-alvsborgs-sjukhus', '2026-11-06');
    expect(c.answerDue).toBe('2027-01-08');
    const reminders = (u: User) => received(h!, u, 'Svar till rapporterande enhet');
    const at = async (fakeNow: string) => {
      await h!.restart({ roles: ROLES, dataDir: dir, fakeNow });
      await h!.bot.reminders.sweep();
    };

    await at('2027-01-05T08:30:00+01:00'); // Tuesday: three days before (14 days before is overtaken)
    expect(reminders(receiver)).toHaveLength(1);
    expect(JSON.stringify(reminders(receiver)[0])).toContain('om 3 dagar');
    await at('2027-01-05T09:30:00+01:00'); // the same day, after a restart: nothing again
    expect(reminders(receiver)).toHaveLength(1);
    await at('2027-01-08T08:30:00+01:00'); // the day itself
    expect(reminders(receiver)).toHaveLength(2);
    expect(JSON.stringify(reminders(receiver)[1])).toContain('i dag');
    expect(reminders(lead)).toHaveLength(0);
    await at('2027-01-15T08:30:00+01:00'); // a week late: the mottagare and the team lead
    expect(reminders(receiver)).toHaveLength(3);
    expect(reminders(lead)).toHaveLength(1);
    expect(JSON.stringify(reminders(lead)[0])).toContain('7 dagar försenad');
    await at('2027-01-15T10:00:00+01:00');
    expect([reminders(receiver).length, reminders(lead).length]).toEqual([3, 1]);
    // None of them went to the reporter.
    expect(reminders(reporter)).toHaveLength(0);
  });
});
