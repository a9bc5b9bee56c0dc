// A joint cause analysis (händelseanalys, issue 35.2; 000_…: "orsaksanalyser gemensamt" between
// the parties, worked in PDCA): one case or a cluster of them, held in a channel the follow-up
// team chose, with both sides taking part. Kept step by step: what happened (a timeline), causes
// and contributing factors (coded with the reference causes), measures with owners and dates (the
// effect follow-up asks their owners on the date, as it does for the answer's measures), and a
// conclusion. Its own collection: the cases it covers never change because of it.
import { z } from 'zod/v4';
import type { CollectionSpec } from '../store/contract.js';
import { IsoDate } from '../cases/model.js';
import { PlannedMeasure } from '../answers/model.js';

const Person = z.object({ userId: z.string(), name: z.string() });

/** An analysis's id is its number: HA-2026-007 (a second instance taking the same number is a conflict, tried again). */
export const AnalysisId = z.string().regex(/^HA-\d{4}-\d{3,5}$/);

/** What is analysed: one case, or the cases of a cluster (the same receiver and category or cause within a period). */
export const Subject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case'), caseId: z.string() }),
  z.object({
    kind: z.literal('cluster'),
    dimension: z.enum(['category', 'cause']),
    value: z.string(),
    from: IsoDate,
    to: IsoDate,
  }),
]);
export type Subject = z.infer<typeof Subject>;

const TimelineEntry = z.object({ id: z.string(), date: IsoDate, text: z.string(), at: z.iso.datetime(), by: Person });

/** A cause found (orsak) or a contributing factor (bidragande), coded with a reference cause. */
export const FactorKind = z.enum(['orsak', 'bidragande']);
const Factor = z.object({ id: z.string(), cause: z.string(), kind: FactorKind, text: z.string(), at: z.iso.datetime(), by: Person });

export const Analysis = z.object({
  id: AnalysisId,
  version: z.number().int().positive(),
  subject: Subject,
  /** The cases it covers, as they were when it started (a cluster does not grow under it). */
  caseIds: z.array(z.string()).min(1),
  receiver: z.string(),
  reporterUnits: z.array(z.string()).min(1),
  category: z.string(),
  /** The stored conversation (a channel) it lives in. */
  channel: z.string(),
  status: z.enum(['pagar', 'avslutad']),
  timeline: z.array(TimelineEntry),
  factors: z.array(Factor),
  measures: z.array(PlannedMeasure),
  conclusion: z.object({ text: z.string(), at: z.iso.datetime(), by: Person }).optional(),
  startedAt: z.iso.datetime(),
  startedBy: Person,
});
export type Analysis = z.infer<typeof Analysis>;

export const ANALYSES: CollectionSpec<Analysis> = { name: 'analyses', schema: Analysis, partition: (a) => a.startedAt.slice(0, 4) };
