// What each answer form sends, as zod schemas (the one source of its fields). Card inputs are
// strings; every free text is screened for identity numbers; measure rows are numbered fields
// (measure1, owner1, due1 …) because an Adaptive Card form has no repeating rows.
import { z } from 'zod/v4';
import { FreeText } from '../core/screen.js';
import { RecordId } from '../core/ids.js';
import { IsoDate } from '../cases/model.js';
import { EffectResult, MeasureOwner } from './model.js';

const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const MessageInput = z.object({ text: FreeText(2000).pipe(z.string().min(2)) });

/** Up to this many measure rows; the policy's maxMeasures says how many the form shows. */
const MEASURE_ROWS = 8;
const rows = Array.from({ length: MEASURE_ROWS }, (_, i) => i + 1);

const MeasureFields = z.object(
  Object.fromEntries(
    rows.flatMap((i) => [
      [`measure${i}`, optional(FreeText(500))],
      [`owner${i}`, optional(MeasureOwner)],
      [`due${i}`, optional(IsoDate)],
    ]),
  ),
);
/** A multi-select choice set sends its values comma-separated; the ids are checked by the rule. */
const CauseIds = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : (v ?? [])),
  z.array(z.string().max(60)).min(1, 'answer.causesRequired').max(10),
);

export const InvestigationInput = z.intersection(
  z.object({
    whatHappened: FreeText(3000).pipe(z.string().min(2)),
    causes: CauseIds,
    cause: FreeText(2000).pipe(z.string().min(2)),
    answer: FreeText(3000).pipe(z.string().min(2)),
  }),
  MeasureFields,
);
export type InvestigationInput = z.infer<typeof InvestigationInput>;

/** The measure rows that were filled in, with their row number (for an error next to the row). */
export function measureRows(input: Record<string, unknown>): { row: number; text?: string; owner?: string; due?: string }[] {
  return rows
    .map((row) => ({
      row,
      text: input[`measure${row}`] as string | undefined,
      owner: input[`owner${row}`] as string | undefined,
      due: input[`due${row}`] as string | undefined,
    }))
    .filter((r) => r.text || r.owner || r.due);
}

export const VerdictInput = z.object({
  accepted: z.enum(['ja', 'nej']),
  reason: optional(FreeText(2000)),
});

/** A misaddressed report sent on: to whom (checked against the register by the rule) and why. */
export const ForwardInput = z.object({
  receiver: z.string().min(1).max(60),
  reason: FreeText(1000).pipe(z.string().min(3)),
});

export const EffectInput = z.object({
  measureId: RecordId,
  result: EffectResult,
  comment: FreeText(1000).pipe(z.string().min(2)),
});
