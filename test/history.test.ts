// A case closed years ago waits on disk after a restart (CASES.history); over /api/messages,
// everyone who could reach it before still does: the officer opening it from an old card, the
// reporter's own list, the statistics of its year, an audit export by its number, a resubmitted
// form from its card, and retention when its time comes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASE_VERBS } from '../src/cases/verbs.js';
import { Harness, personal, type User } from './support/harness.js';
import { closedLongAgo } from './support/cases.js';

const officer: User = { aadObjectId: 'aad-off', name: 'Olle Handläggare' };
const lead: User = { aadObjectId: 'aad-lead', name: 'Lena Teamledare' };
const reporter: User = { aadObjectId: 'aad-rep', name: 'Rut Rapportör' };
const chef: User = { aadObjectId: 'aad-chef', name: 'Cissi Chef' };

const OLD = closedLongAgo();

let h: Harness;
beforeEach(async () => {
  h = await Harness.start({
    roles: {
      'aad-off': { roles: ['handlaggare'], providers: ['sodra-alvsborgs-sjukhus'] },
      'aad-lead': { roles: ['teamledare'], providers: ['*'] },
      'aad-chef': { roles: ['chef'], providers: [OLD.report.reporterUnit] },
    },
  });
  await h.bot.stores.cases.put(OLD);
  // A stop summarises the old month; the next start leaves it on disk.
  await h.restart();
});
afterEach(async () => h.stop());

describe('a case closed years ago, on disk after a restart', () => {
  it('is not held in memory, yet found by everyone who may see it', async () => {
    expect(h.bot.stores.cases.get(OLD.id)).toBeUndefined();

    const opened = await h.execute(officer, personal(officer), CASE_VERBS.show, { caseId: OLD.id });
    expect(JSON.stringify(opened.card ?? opened.body)).toContain('AVV-2019-00007');

    await h.say(reporter, personal(reporter), 'mina avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(reporter).conversationId).at(-1))).toContain('AVV-2019-00007');

    await h.say(lead, personal(lead), 'exportera revision AVV-2019-00007');
    expect(h.connector.consents(personal(lead).conversationId).at(-1)?.name).toBe('revision-AVV-2019-00007.csv');

    await h.say(chef, personal(chef), 'enhetens avvikelser');
    expect(JSON.stringify(h.connector.cards(personal(chef).conversationId).at(-1))).toContain('AVV-2019-00007');

    await h.say(lead, personal(lead), 'statistik 2019-K1 VGR');
    expect(JSON.stringify(h.connector.cards(personal(lead).conversationId).at(-1))).toContain(
      '"title":"Avvikelse mellan vårdgivare","value":"1 (',
    );
  });

  it('answers a form sent again from its years-old card with the case it made, not a new one', async () => {
    const before = h.bot.stores.cases.all().length;
    await h.say(reporter, personal(reporter), 'ny avvikelse');
    const fields = { ...OLD.report, severity: String(OLD.report.severity), formId: OLD.formId } as Record<string, unknown>;
    const res = await h.execute(reporter, personal(reporter), 'avvikelse.skicka', fields);
    expect(h.bot.stores.cases.all().length).toBe(before);
    expect(JSON.stringify(res.card ?? res.body)).toContain('AVV-2019-00007');
  });

  it('is anonymised by retention when its ten years are up, read from disk for it', async () => {
    expect(await h.bot.retention.run()).toEqual([]);
    h.clock!.set(new Date('2029-04-02T10:00:00Z'));
    expect(await h.bot.retention.run()).toEqual(['AVV-2019-00007']);
    expect(await h.bot.stores.cases.load(OLD.id)).toMatchObject({
      reporter: { userId: 'anonym' },
      anonymisedAt: '2029-04-02T10:00:00.000Z',
    });
    expect(await h.bot.retention.run()).toEqual([]);
  });
});
