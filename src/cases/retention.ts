// Retention: closed cases older than the configured period are anonymised — free text and
// people removed, classification, dates and steps kept — so statistics still count them.
// The job records what it did in the audit trail. Runs at start and then daily.
import type { Logger } from 'pino';
import { CLASSIFICATION, closedAt, type Case, type CaseEvent } from './model.js';
import type { CapabilityDeps, Collection } from '../deps.js';
import { anonymiseAnswer } from '../answers/model.js';

const REMOVED = '[anonymiserad]';
const NOBODY = { userId: 'anonym', name: '' };

function scrubDetails(details: CaseEvent['details']): CaseEvent['details'] {
  if (!details) return details;
  const keep: string[] = [
    'assessment',
    'watchUntil',
    'deadline',
    'outcome',
    'boardDate',
    'diaryNumber',
    'skipped',
    'endedBy',
    'final',
    'grades',
    'postponed',
    'from',
    'to',
    // The classification a first assessment set (what the reporter left at "vet ej").
    ...CLASSIFICATION,
  ];
  return Object.fromEntries(Object.entries(details).filter(([k]) => keep.includes(k)));
}

export function anonymise(c: Case, at: Date): Omit<Case, 'version'> {
  return {
    ...c,
    reporter: NOBODY,
    report: { ...c.report, description: REMOVED, immediateAction: REMOVED },
    linked: c.linked.map((l) => ({ ...l, reporter: NOBODY, report: { ...l.report, description: REMOVED, immediateAction: REMOVED } })),
    events: c.events.map((e) => ({
      ...e,
      actor: { ...NOBODY, roles: e.actor.roles },
      comment: e.comment === undefined ? undefined : REMOVED,
      details: scrubDetails(e.details),
    })),
    deadlines: c.deadlines.map((d) => ({ ...d, contactPerson: undefined })),
    skipReasons: Object.fromEntries(Object.keys(c.skipReasons).map((k) => [k, REMOVED])),
    anonymisedAt: at.toISOString(),
  };
}

/** The instant before which a closed case is anonymised. */
function retentionLimit(now: Date, years: number): Date {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() - years);
  return limit;
}

/** Closed before this instant and not yet anonymised. */
export function dueForRetention(cases: readonly Case[], now: Date, years: number): Case[] {
  const limit = retentionLimit(now, years);
  return cases.filter((c) => {
    if (c.status !== 'avslutad' || c.anonymisedAt) return false;
    const closed = closedAt(c);
    return closed !== undefined && new Date(closed) < limit;
  });
}

/** The collections retention anonymises: cases, and the receivers' answers with them. */
export const RETENTION_STORES = ['cases', 'answers'] as const satisfies readonly Collection[];

export class RetentionJob {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly deps: Pick<CapabilityDeps<(typeof RETENTION_STORES)[number]>, 'stores' | 'clock' | 'audit'>,
    private readonly years: number,
    private readonly log: Logger,
  ) {}

  /** One run, in one instance at a time (a shared database: the others skip it). */
  async run(): Promise<string[]> {
    return (await this.deps.stores.exclusive('retention', () => this.anonymiseDue())) ?? [];
  }

  private async anonymiseDue(): Promise<string[]> {
    await this.deps.stores.sync();
    const now = this.deps.clock.now();
    const { cases } = this.deps.stores;
    // Only the months cases waiting for retention were closed in, up to the limit: a daily run
    // reads the month that just passed it, not thirty years.
    const last = retentionLimit(now, this.years).toISOString().slice(0, 7);
    const months = cases
      .keys('awaiting-retention')
      .filter((m) => m <= last)
      .sort();
    const due: Case[] = [];
    for (const month of months) due.push(...dueForRetention(await cases.find('awaiting-retention', month), now, this.years));
    for (const c of due) {
      // The receiver's answer goes with its case: texts and people out, figures kept.
      const answer = this.deps.stores.answers.get(c.id);
      if (answer) await this.deps.stores.answers.put(anonymiseAnswer(answer), { expectedVersion: answer.version });
      await this.deps.stores.cases.put(anonymise(c, now), { expectedVersion: c.version });
    }
    if (due.length) {
      await this.deps.audit.record('retention', 'retention.anonymised', now, {
        years: this.years,
        count: due.length,
        cases: due.map((c) => c.number),
      });
      this.log.info({ count: due.length }, 'retention: cases anonymised');
    }
    return due.map((c) => c.number);
  }

  start(intervalMs = 86_400_000): void {
    const tick = () => this.run().catch((err: unknown) => this.log.error({ err }, 'retention job failed'));
    void tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
