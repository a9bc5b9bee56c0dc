// The receiving provider's answer to the reporting unit (000_…: feedback and dialogue between
// the parties before any escalation; 001_…: the managers follow up and give feedback). One
// record per case, kept apart from the case so the receiver's work never makes the follow-up
// team's case card stale, with its own append-only trail.
import { z } from 'zod/v4';
import type { CollectionSpec } from '../store/contract.js';
import { IsoDate } from '../cases/model.js';

const Person = z.object({ userId: z.string(), name: z.string() });
type Person = z.infer<typeof Person>;

/** The two parties of a case: the receiving provider and the reporting unit. */
export const Side = z.enum(['mottagare', 'rapporterande']);
export type Side = z.infer<typeof Side>;

/** A message in the case's thread between the parties (a question, a reply, more information). */
const Message = z.object({ id: z.string(), at: z.iso.datetime(), side: Side, by: Person, text: z.string() });
type Message = z.infer<typeof Message>;

export const EffectResult = z.enum(['ja', 'delvis', 'nej']);
export type EffectResult = z.infer<typeof EffectResult>;

/** Who answers for a measure: the receiving provider, or the reporting unit's manager. */
export const MeasureOwner = z.enum(['mottagare', 'chef']);
export type MeasureOwner = z.infer<typeof MeasureOwner>;

/** A measure taken or planned, with its owner and date; on the date: did it work? */
export const PlannedMeasure = z.object({
  id: z.string(),
  text: z.string(),
  owner: MeasureOwner,
  due: IsoDate,
  effect: z
    .object({
      result: EffectResult,
      comment: z.string(),
      at: z.iso.datetime(),
      by: Person,
      /**
       * The case's receiver and category when the effect was followed up: what the measure worked
       * for, read by the repeat figure without the case (effects followed up before these were kept have none).
       */
      receiver: z.string().optional(),
      category: z.string().optional(),
    })
    .optional(),
});
export type PlannedMeasure = z.infer<typeof PlannedMeasure>;

const Investigation = z.object({
  whatHappened: z.string(),
  /** The reference causes the receiver found (issue 35.1; several allowed); none in answers before them. */
  causes: z.array(z.string()).default([]),
  /** The cause in the receiver's own words, beside the coded ones. */
  cause: z.string(),
  measures: z.array(PlannedMeasure),
  at: z.iso.datetime(),
  by: Person,
});

const AnswerEventType = z.enum(['kvitterad', 'meddelande', 'besvarad', 'accepterad', 'ej-accepterad', 'effekt', 'vidarebefordrad']);
export type AnswerEventType = z.infer<typeof AnswerEventType>;

/** One line of the answer's audit trail. */
const AnswerEvent = z.object({
  at: z.iso.datetime(),
  type: AnswerEventType,
  actor: z.object({ userId: z.string(), name: z.string(), roles: z.array(z.string()) }),
  side: Side,
  activityId: z.string().optional(),
  /** Which measure (effekt). */
  measureId: z.string().optional(),
});
export type AnswerEvent = z.infer<typeof AnswerEvent>;

export const AnswerRecord = z.object({
  /** The case's id. */
  id: z.string().min(1),
  version: z.number().int().positive(),
  /** The case's createdAt: the partition, as the case's own. */
  caseCreatedAt: z.iso.datetime(),
  acknowledged: z.object({ at: z.iso.datetime(), by: Person }).optional(),
  thread: z.array(Message).default([]),
  investigation: Investigation.optional(),
  /** The answer sent to the reporting unit; a new answer replaces it (the trail keeps both). */
  answer: z.object({ text: z.string(), at: z.iso.datetime(), by: Person }).optional(),
  /** The reporting side's verdict on the current answer. */
  verdict: z.object({ accepted: z.boolean(), reason: z.string().optional(), at: z.iso.datetime(), by: Person }).optional(),
  events: z.array(AnswerEvent),
});
export type AnswerRecord = z.infer<typeof AnswerRecord>;

export const ANSWERS: CollectionSpec<AnswerRecord> = {
  name: 'answers',
  schema: AnswerRecord,
  partition: (a) => a.caseCreatedAt.slice(0, 7),
};

/** Where an answer stands, as both parties and the follow-up team read it. */
export type AnswerStatus = 'invantar' | 'kvitterad' | 'besvarad' | 'accepterad' | 'ej-accepterad';

export function answerStatus(a: AnswerRecord | undefined): AnswerStatus {
  if (a?.verdict) return a.verdict.accepted ? 'accepterad' : 'ej-accepterad';
  if (a?.answer) return 'besvarad';
  return a?.acknowledged ? 'kvitterad' : 'invantar';
}

/** An empty record for a case that has none yet (created on the first action). */
export const emptyAnswer = (c: { id: string; createdAt: string }): Omit<AnswerRecord, 'version'> => ({
  id: c.id,
  caseCreatedAt: c.createdAt,
  thread: [],
  events: [],
});

const REMOVED = '[anonymiserad]';
const NOBODY = { userId: 'anonym', name: '' };

/**
 * The answer of a case the retention job anonymises: texts and people removed; the trail's
 * kinds, sides and dates, the measures' owners, dates and effect results kept for statistics.
 */
export function anonymiseAnswer(a: AnswerRecord): Omit<AnswerRecord, 'version'> {
  const person = <P extends object>(p: P) => ({ ...p, by: NOBODY });
  return {
    ...a,
    acknowledged: a.acknowledged && person(a.acknowledged),
    thread: a.thread.map((m) => ({ ...person(m), text: REMOVED })),
    investigation: a.investigation && {
      ...person(a.investigation),
      whatHappened: REMOVED,
      cause: REMOVED,
      measures: a.investigation.measures.map((m) => ({
        ...m,
        text: REMOVED,
        effect: m.effect && { ...person(m.effect), comment: REMOVED },
      })),
    },
    answer: a.answer && { ...person(a.answer), text: REMOVED },
    verdict: a.verdict && { ...person(a.verdict), reason: a.verdict.reason === undefined ? undefined : REMOVED },
    events: a.events.map((e) => ({ ...e, actor: { ...NOBODY, roles: e.actor.roles } })),
  };
}
