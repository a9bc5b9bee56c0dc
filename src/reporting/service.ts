// Registering a report as a case: sequential numbers per year, idempotent by form id, duplicate
// detection, and linking a report to an existing case. A form id is checked and reserved in one
// synchronous step (once()), so a double submit can never create two cases in one process; the
// store holds form ids and case numbers unique (UniqueError), so two instances that get the
// same double submit store one case, and the loser answers with it.
import { randomUUID } from 'node:crypto';
import { daysBetween, swedishDate } from '../core/clock.js';
import { UniqueError, type HistoryStore, type Index } from '../store/contract.js';
import type { StoreControl } from '../store/index.js';
import { caseNumber, nextSequence, receiverKnown, type Case, type CaseEvent, type Report } from '../cases/model.js';
import { CaseQueries } from '../cases/queries.js';
import type { Actor } from '../core/roles.js';
import type { ScopeCheck } from '../core/turn.js';

/** An open case for the same receiver and category within this many days is a likely duplicate. */
const DUPLICATE_WINDOW_DAYS = 7;

export type CreateOutcome = { created: boolean; case: Case };

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<R>(job: () => Promise<R>): Promise<R> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function actorOf(actor: Actor): CaseEvent['actor'] {
  return { userId: actor.userId, name: actor.name, roles: actor.roles };
}

/** Open cases of one kind, receiver and category: where a duplicate would be. */
const duplicateKey = (r: Pick<Report, 'kind' | 'receiver' | 'category'>) => `${r.kind}|${r.receiver}|${r.category}`;

/**
 * The duplicate rule, judged on the stored case: same kind, receiver and category, events within
 * the window. The one test for both the hint and a report joining a case (never the card's word).
 */
const isDuplicateOf = (c: Case, report: Report): boolean =>
  // Two reports to providers the register lacks may name two different ones: never duplicates.
  receiverKnown(report) &&
  duplicateKey(c.report) === duplicateKey(report) &&
  Math.abs(daysBetween(c.report.eventDate, report.eventDate)) <= DUPLICATE_WINDOW_DAYS;

export class ReportingService {
  private readonly linking = new Mutex();
  private readonly inFlight = new Map<string, Promise<CreateOutcome | undefined>>();
  private readonly floors = new Map<number, number>();
  private readonly byForm: Index<Case>;
  private readonly openBySubject: Index<Case>;
  private readonly byYear: Index<Case>;

  constructor(
    private readonly cases: HistoryStore<Case>,
    /** Case numbers (a sequence per year, shared by every instance) and catching up with the others. */
    private readonly control: Pick<StoreControl, 'sequence' | 'sync'>,
    /** When the receiver's answer is due for a report made on a day (answers.json). */
    private readonly answerDue: (report: Report, today: string) => string,
    /** The ladder a case to this receiver starts on (contract follow-up or collaboration, rules/common.ts trackFor). */
    private readonly trackOf: (report: Report) => Case['track'],
  ) {
    this.byForm = CaseQueries.of(cases).byForm();
    this.openBySubject = cases.index('open-by-subject', (c) => (c.status === 'avslutad' ? [] : [duplicateKey(c.report)]));
    this.byYear = cases.index('number-year', (c) => [c.number.slice(4, 8)]);
  }

  /** The case a form id already produced (as the case itself or as a linked report), older months included. */
  async byFormId(formId: string): Promise<Case | undefined> {
    return (await this.cases.find('formId', formId))[0];
  }

  findDuplicate(report: Report): Case | undefined {
    // The index hands its cases newest first (CASES.order): the first match is the newest.
    return this.openBySubject.get(duplicateKey(report)).find((c) => isDuplicateOf(c, report));
  }

  /**
   * Once per form id: a form already registered gives its case, one being written right now
   * gives the same outcome (double click, re-delivery), otherwise `work` runs. Checking and
   * reserving happen in one synchronous step, so no lock is held while the case is written and
   * concurrent submits of different forms share one write of their partition.
   */
  private once(formId: string, work: () => Promise<CreateOutcome | undefined>): Promise<CreateOutcome | undefined> {
    const existing = this.byForm.get(formId)[0];
    if (existing) return Promise.resolve({ created: false, case: existing });
    const running = this.inFlight.get(formId);
    if (running) return running.then((o) => o && { created: false, case: o.case });
    // A form from before the months held in memory (a card kept for years) is looked up on disk.
    const outcome = this.byFormId(formId)
      .then((old) => (old ? { created: false, case: old } : work()))
      .finally(() => this.inFlight.delete(formId));
    this.inFlight.set(formId, outcome);
    return outcome;
  }

  /**
   * The next number of the year from the store's sequence (shared by every instance; gaps, never
   * repeats), never below what the stored cases already hold (a store moved from elsewhere).
   */
  private async nextNumber(year: number): Promise<string> {
    const floor = this.floors.get(year) ?? nextSequence(this.byYear.get(String(year)), year);
    this.floors.set(year, floor);
    return caseNumber(year, await this.control.sequence(`case-number-${year}`, floor));
  }

  async create(formId: string, report: Report, actor: Actor, now: Date, activityId: string): Promise<CreateOutcome> {
    const outcome = await this.once(formId, () => this.taken(formId, () => this.register(formId, report, actor, now, activityId)));
    // Undefined only when a link of this same form was in flight and found its case closed:
    // nothing was registered, so register it now.
    return outcome ?? this.create(formId, report, actor, now, activityId);
  }

  /**
   * Runs a write that claims the form id; when another instance stored that form first (the
   * store says the key is taken), answers with its case instead, as a double click is answered.
   */
  private async taken(formId: string, write: () => Promise<CreateOutcome | undefined>): Promise<CreateOutcome | undefined> {
    try {
      return await write();
    } catch (err) {
      if (!(err instanceof UniqueError) || !err.key.startsWith('form:')) throw err;
      await this.control.sync();
      const existing = await this.byFormId(formId);
      if (!existing) throw err;
      return { created: false, case: existing };
    }
  }

  private async register(formId: string, report: Report, actor: Actor, now: Date, activityId: string): Promise<CreateOutcome> {
    const number = await this.nextNumber(Number(swedishDate(now).slice(0, 4)));
    const stored = await this.cases.put(
      {
        id: randomUUID(),
        number,
        formId,
        createdAt: now.toISOString(),
        reporter: { userId: actor.userId, name: actor.name },
        report,
        status: 'ny',
        answerDue: this.answerDue(report, swedishDate(now)),
        answerLoop: true,
        linked: [],
        deadlines: [],
        skipReasons: {},
        track: this.trackOf(report),
        events: [{ at: now.toISOString(), type: 'rapporterad', actor: actorOf(actor), activityId, visibleToReporter: true }],
      },
      { expectedVersion: 0 },
    );
    return { created: true, case: stored };
  }

  /**
   * Whether a report may join this case (the link route's scope): only where the stored case is
   * its duplicate. A closed one passes, and the handler registers the report anew, as before.
   */
  joinable(caseId: string, report: Report): ScopeCheck {
    const target = this.cases.get(caseId);
    return target ? { subject: target.id, inScope: isDuplicateOf(target, report) } : 'unknown';
  }

  /** Adds a report to an open case instead of opening a new one (undefined: it closed meanwhile). */
  link(caseId: string, formId: string, report: Report, actor: Actor, now: Date, activityId: string): Promise<CreateOutcome | undefined> {
    // Links to one case change the same record: one at a time, so none is refused as stale.
    return this.once(formId, () =>
      this.taken(formId, () =>
        this.linking.run(async () => {
          const target = this.cases.get(caseId);
          if (!target || target.status === 'avslutad') return undefined;
          // The route's scope refused any other case; checked again on the record being written.
          if (!isDuplicateOf(target, report)) throw new Error(`report is no duplicate of case ${caseId}`);
          const stored = await this.cases.put(
            {
              ...target,
              linked: [...target.linked, { formId, at: now.toISOString(), reporter: { userId: actor.userId, name: actor.name }, report }],
              events: [
                ...target.events,
                { at: now.toISOString(), type: 'lankad-rapport', actor: actorOf(actor), activityId, visibleToReporter: false },
              ],
            },
            { expectedVersion: target.version },
          );
          return { created: true, case: stored };
        }),
      ),
    );
  }

  /** The report a form produced: the case's own, or the linked one with that form id. */
  reportOf(c: Case, formId: string): Report {
    return c.linked.find((l) => l.formId === formId)?.report ?? c.report;
  }

  /**
   * The report a user made in a case, and when: their own case, or the report they added to
   * another's case. Undefined when they made none (they may not read it).
   */
  ownReport(c: Case, userId: string): { report: Report; at: string; linked: boolean } | undefined {
    if (c.reporter.userId === userId) return { report: c.report, at: c.createdAt, linked: false };
    const mine = c.linked.find((l) => l.reporter.userId === userId);
    return mine && { report: mine.report, at: mine.at, linked: true };
  }

  /** Cases a user reported (or added a linked report to), newest first (CASES.order), held or on disk. */
  reportedBy(userId: string): Promise<readonly Case[]> {
    return this.cases.find('reporter', userId);
  }
}
