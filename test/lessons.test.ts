// Lärdomar driven as Teams drives the bot (issue 35.3): a measure the receiver followed up as
// working is offered to the follow-up team on the answer view; shared in their words, anyone
// lists it with `lärdomar`, a category narrows it, and an officer opening a similar case is
// offered it. Forged by a plain user, by the team of another organisation, by the receiver:
// refused, audited, nothing stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/clock.js';
import { emptyAnswer } from '../src/answers/model.js';
import { actionData, cardProblems } from './support/cards.js';
import { minimumReport } from './support/cases.js';
import { testToday } from './support/clock.js';
import { Harness, personal, type User } from './support/harness.js';

const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut' };
const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const nuOfficer: User = { aadObjectId: 'aad-nuoff', name: 'Nora NU' };
const receiver: User = { aadObjectId: 'aad-mot', name: 'Mona Mottagare' };
const staff: User = { aadObjectId: 'aad-staff', name: 'Sam' };
const ROLES = {
  'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
  'aad-nuoff': { roles: ['handlaggare'], providers: ['nu-sjukvarden'] },
  'aad-mot': { roles: ['mottagare'], providers: ['sodra-alvsborgs-sjukhus'] },
};
const TEXT = 'Läkemedelslistan skickas med vid utskrivning, kontrolleras av sjuksköterskan.';

describe('lärdomar', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await Harness.start({ roles: ROLES });
    for (const u of [reporter, officer, nuOfficer, receiver, staff]) await h.install(u, personal(u));
  });
  afterEach(() => h.stop());

  /** A case whose answer has a measure followed up as working (the loop itself is answers.test's). */
  async function worked() {
    const c = (await h.report(reporter, minimumReport({ eventDate: addDays(testToday, -2) })))!;
    const by = { userId: 'aad-mot', name: 'Mona Mottagare' };
    const at = new Date().toISOString();
    await h.bot.stores.answers.put({
      ...emptyAnswer(c),
      answer: { text: 'Svar', at, by },
      investigation: {
        whatHappened: 'Listan saknades.',
        causes: ['rutin-saknas'],
        cause: 'Ingen rutin.',
        measures: [
          {
            id: 'm-1',
            text: 'Ny rutin för läkemedelslistan',
            owner: 'mottagare',
            due: testToday,
            effect: { result: 'ja', comment: 'Inga fler fall.', at, by },
          },
        ],
        at,
        by,
      },
    });
    return c;
  }

  it('is shared by the team from the answer view, listed for anyone, and offered on a similar case', async () => {
    const c = await worked();
    const act = (u: User, verb: string, data: Record<string, unknown>) => h.execute(u, personal(u), verb, { caseId: c.id, ...data });
    const view = await act(officer, 'svar.visa', {});
    expect(JSON.stringify(view.card)).toContain('Dela lärdom: Ny rutin för läkemedelslistan');
    const form = await act(officer, 'svar.formular', { form: 'lesson', measureId: 'm-1' });
    expect(cardProblems(form.card)).toEqual([]);
    expect(JSON.stringify(form.card)).toContain('Ny rutin för läkemedelslistan');
    expect(actionData(form.card, 'svar.dela')).toEqual({ caseId: c.id, measureId: 'm-1' });
    const saved = await act(officer, 'svar.dela', {
      measureId: 'm-1',
      text: TEXT,
      effect: 'Inga fler fall på tre månader.',
      named: 'false',
    });
    expect(JSON.stringify(saved.card)).toContain('Lärdomen är delad');
    expect(JSON.stringify(saved.card)).not.toContain('Dela lärdom:');
    expect(h.bot.stores.lessons.all()).toHaveLength(1);
    expect(h.bot.stores.audit.all().find((a) => a.action === 'lesson.share')).toMatchObject({ actor: 'aad-off', subject: c.id });

    // Anyone reads it, the receiver unnamed (it did not agree), the case never named.
    await h.say(staff, personal(staff), 'lärdomar');
    const list = JSON.stringify(h.connector.cards(personal(staff).conversationId).at(-1));
    expect(list).toContain(TEXT);
    expect(list).toContain('Effekt: Inga fler fall på tre månader.');
    expect(list).not.toContain('Södra Älvsborgs sjukhus');
    expect(list).not.toContain(c.number);
    await h.say(staff, personal(staff), 'lärdomar läkemedel');
    expect(JSON.stringify(h.connector.cards(personal(staff).conversationId).at(-1))).toContain(TEXT);
    await h.say(staff, personal(staff), 'lärdomar fall');
    expect(JSON.stringify(h.connector.cards(personal(staff).conversationId).at(-1))).toContain('Inga lärdomar för ”fall”');

    // A similar case (same category, another receiver): the officer who opens it is offered the lesson.
    const next = (await h.report(reporter, minimumReport({ receiver: 'nu-sjukvarden', eventDate: addDays(testToday, -1) })))!;
    const card = await h.execute(nuOfficer, personal(nuOfficer), 'arende.visa', { caseId: next.id });
    expect(JSON.stringify(card.card)).toContain('Lärdom från liknande avvikelse');
    expect(JSON.stringify(card.card)).toContain(TEXT);
  });

  it('refuses a plain user, the team of another organisation and the receiver, audited, nothing stored', async () => {
    const c = await worked();
    const data = { caseId: c.id, measureId: 'm-1', text: TEXT, effect: 'Inga fler fall.', named: 'true' };
    const refusals = () => h.bot.stores.audit.all().filter((a) => a.action === 'refused').length;
    for (const u of [staff, nuOfficer, receiver, reporter]) {
      const before = refusals();
      const res = await h.execute(u, personal(u), 'svar.dela', data);
      expect(JSON.stringify(res.card ?? res.body), u.name).not.toContain('Lärdomen är delad');
      expect(refusals(), u.name).toBeGreaterThan(before);
    }
    expect(h.bot.stores.lessons.all()).toEqual([]);
    // The team itself: a personnummer in the words for everyone is refused on the form, nothing stored.
    const identity = await h.execute(officer, personal(officer), 'svar.dela', { ...data, text: 'Gäller 19121212-1212, ny rutin.' });
    expect(JSON.stringify(identity.card)).toContain('Dela lärdomen');
    expect(h.bot.stores.lessons.all()).toEqual([]);
    // The receiver sees no share button on its own view.
    expect(JSON.stringify((await h.execute(receiver, personal(receiver), 'svar.visa', { caseId: c.id })).card)).not.toContain(
      'Dela lärdom',
    );
  });
});
