// A case to act on in unit tests of case handlers: reported, and optionally triaged.
import type { Case } from '../../src/cases/model.js';
import type { Reference } from '../../src/core/refdata.js';
import type { Actor, Role } from '../../src/core/roles.js';
import type { DecideContext } from '../../src/cases/rules/index.js';
import { answerDueDate } from '../../src/answers/policy.js';

/** The sample case's id: a UUID, as every case id is (a card may send no other). */
export const SAMPLE_CASE_ID = 'c0000000-0000-4000-8000-000000000001';

export function sampleCase(over: Partial<Omit<Case, 'version'>> = {}): Omit<Case, 'version'> {
  return {
    id: SAMPLE_CASE_ID,
    number: 'AVV-2026-00001',
    // One form per case (the store holds form ids unique).
    formId: `form-${over.id ?? SAMPLE_CASE_ID}`,
    createdAt: '2026-11-20T10:00:00.000Z',
    reporter: { userId: 'rep', name: 'Rut' },
    report: {
      kind: 'avvikelse',
      eventDate: '2026-11-19',
      reporterUnit: 'boras',
      receiver: 'sodra-alvsborgs-sjukhus',
      direction: 'kommun-region',
      category: 'lakemedel',
      cause: 'kommunikationsbrist',
      consequence: 'tillbud',
      severity: 2,
      description: 'Läkemedelslistan saknades.',
      immediateAction: 'Ringde.',
      dialogue: 'ja',
    },
    status: 'uppfoljning',
    answerDue: '2027-01-19',
    answerLoop: false,
    linked: [],
    events: [
      {
        at: '2026-11-20T10:00:00.000Z',
        type: 'rapporterad',
        actor: { userId: 'rep', name: 'Rut', roles: ['medarbetare'] },
        visibleToReporter: true,
      },
    ],
    deadlines: [],
    skipReasons: {},
    track: 'lopande',
    ...over,
  };
}

/** A user with these roles (and medarbetare), acting for every provider. */
export const actorWith = (...roles: Role[]): Actor => ({
  userId: `u-${roles.join('-')}`,
  name: 'X',
  roles: ['medarbetare', ...roles],
  providers: ['*'],
});

/** The rules' context on Monday 2026-11-30 (one month on: 2026-12-30; six: 2027-05-30). */
export const ruleContext = (ref: Reference, actor: Actor): DecideContext => ({
  actor,
  now: new Date('2026-11-30T09:00:00Z'),
  today: '2026-11-30',
  ladder: ref.ladder,
  activityId: 'act',
  provider: ref.provider,
  isCause: (id) => ref.causes.some((x) => x.id === id),
  answerDue: (report, today) => answerDueDate(ref, report, today),
});

/** A–E prioritising (002_… kapitel 3), which a handover needs first. */
export const GRADED = { A: 'hog', B: 'hog', C: 'mellan', D: 'lag', E: 'mellan' } as const;
/** The reasons a handover names (at least one). */
export const HANDOVER_REASONS = ['journalgranskning'] as const;

/** A case as the rules see it (with its version). */
export const aCase = (over: Partial<Case> = {}): Case => ({ ...sampleCase(), version: 1, ...over }) as Case;

/** The least a reporter fills in (issue 16): what the receiver acts on; cause, consequence and severity left at "vet ej". */
export const minimumReport = (over: Record<string, string> = {}): Record<string, string> => ({
  kind: 'avvikelse',
  reporterUnit: 'boras',
  receiver: 'sodra-alvsborgs-sjukhus',
  category: 'lakemedel',
  description: 'Läkemedelslistan saknades vid utskrivningen.',
  immediateAction: 'Ringde avdelningen.',
  dialogue: 'ja',
  ...over,
});

/** A case reported by aad-rep in March 2019 and closed in April: on disk once the store restarts. */
export function closedLongAgo(): Omit<Case, 'version'> {
  return sampleCase({
    id: 'c0000000-0000-4000-8000-000000002019',
    number: 'AVV-2019-00007',
    formId: 'f0000000-0000-4000-8000-000000002019',
    createdAt: '2019-03-05T10:00:00.000Z',
    reporter: { userId: 'aad-rep', name: 'Rut Rapportör' },
    status: 'avslutad',
    events: [
      {
        at: '2019-03-05T10:00:00.000Z',
        type: 'rapporterad',
        actor: { userId: 'aad-rep', name: 'Rut', roles: ['medarbetare'] },
        visibleToReporter: true,
      },
      {
        at: '2019-04-01T10:00:00.000Z',
        type: 'avslutad',
        actor: { userId: 'aad-off', name: 'Olle', roles: ['handlaggare'] },
        to: 'atgardad',
        visibleToReporter: true,
      },
    ],
  });
}

/** The same reason for each of these skipped steps, as the form sends it (one input per step, issue 31.3). */
export const skips = (reason: string, ...steps: string[]) => ({ skipReasons: Object.fromEntries(steps.map((s) => [s, reason])) });
