// Registering a report as a case: sequential numbers per year, idempotent by form id, duplicate
// detection, and linking a report to an existing case. One mutex per service instance makes
// "check then create" atomic, so a double submit can never create two cases.
import { randomUUID } from 'node:crypto';
import { addDays, daysBetween, swedishDate } from '../core/clock.js';
import type { Index, RecordStore } from '../store/recordStore.js';
import { caseNumber, nextSequence, type Case, type CaseEvent, type Report } from '../cases/model.js';
import type { Actor } from '../core/roles.js';

/** Days the receiving unit has to answer the reporting unit (Göteborg routine, DOMAIN §4). */
export const ANSWER_DAYS = 60;
/** An open case for the same receiver and category within this many days is a likely duplicate. */
export const DUPLICATE_WINDOW_DAYS = 7;

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

export class ReportingService {
  private readonly mutex = new Mutex();
  private readonly byForm: Index<Case>;
  private readonly byReporter: Index<Case>;
  private readonly openBySubject: Index<Case>;
  private readonly byYear: Index<Case>;

  constructor(private readonly cases: RecordStore<Case>) {
    this.byForm = cases.index('formId', (c) => [c.formId, ...c.linked.map((l) => l.formId)]);
    this.byReporter = cases.index('reporter', (c) => [c.reporter.userId, ...c.linked.map((l) => l.reporter.userId)]);
    this.openBySubject = cases.index('open-by-subject', (c) => (c.status === 'avslutad' ? [] : [duplicateKey(c.report)]));
    this.byYear = cases.index('number-year', (c) => [c.number.slice(4, 8)]);
  }

  /** The case a form id already produced (as the case itself or as a linked report). */
  byFormId(formId: string): Case | undefined {
    return this.byForm.get(formId)[0];
  }

  findDuplicate(report: Report): Case | undefined {
    return this.openBySubject
      .get(duplicateKey(report))
      .filter((c) => Math.abs(daysBetween(c.report.eventDate, report.eventDate)) <= DUPLICATE_WINDOW_DAYS)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }

  create(formId: string, report: Report, actor: Actor, now: Date, activityId: string): Promise<CreateOutcome> {
    return this.mutex.run(async () => {
      const existing = this.byFormId(formId);
      if (existing) return { created: false, case: existing };
      const year = Number(swedishDate(now).slice(0, 4));
      const stored = await this.cases.put(
        {
          id: randomUUID(),
          number: caseNumber(year, nextSequence(this.byYear.get(String(year)), year)),
          formId,
          createdAt: now.toISOString(),
          reporter: { userId: actor.userId, name: actor.name },
          report,
          status: 'ny',
          answerDue: addDays(swedishDate(now), ANSWER_DAYS),
          linked: [],
          deadlines: [],
          skipReasons: {},
          events: [
            { at: now.toISOString(), type: 'rapporterad', actor: actorOf(actor), activityId, visibleToReporter: true },
          ],
        },
        { expectedVersion: 0 },
      );
      return { created: true, case: stored };
    });
  }

  /** Adds a report to an open case instead of opening a new one. */
  link(caseId: string, formId: string, report: Report, actor: Actor, now: Date, activityId: string): Promise<CreateOutcome | undefined> {
    return this.mutex.run(async () => {
      const existing = this.byFormId(formId);
      if (existing) return { created: false, case: existing };
      const target = this.cases.get(caseId);
      if (!target || target.status === 'avslutad') return undefined;
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
    });
  }

  /** Cases a user reported (or added a linked report to), newest first. */
  reportedBy(userId: string): Case[] {
    return [...this.byReporter.get(userId)].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }
}
