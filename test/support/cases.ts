// A case to act on in unit tests of case handlers: reported, and optionally triaged.
import type { Case } from '../../src/cases/model.js';

export function sampleCase(over: Partial<Omit<Case, 'version'>> = {}): Omit<Case, 'version'> {
  return {
    id: 'c1',
    number: 'AVV-2026-00001',
    formId: 'form-00000001',
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
    ...over,
  };
}
