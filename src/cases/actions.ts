// What each case action's form sends, as zod schemas: the one source of its fields. Card inputs
// are strings ('' for an empty optional field); every free text is screened for identity
// numbers (FreeText) and every id is checked against what exists before the rules run.
import { z } from 'zod/v4';
import { STEP, STEP_ID } from '../core/refdata.js';
import { FreeText } from '../core/screen.js';
import { Consequence, Grade, IsoDate, Severity } from './model.js';

const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const toggle = z.preprocess((v) => v === true || v === 'true', z.boolean());

export const TriageInput = z.object({
  decision: z.enum(['ingen-atgard', 'bevakning', 'narmare-uppfoljning']),
  assessment: z.enum(['mindre', 'allvarlig']),
  watchUntil: optional(IsoDate),
  comment: FreeText(2000),
  /** What the reporter left at "vet ej" (model.ts CLASSIFICATION); the cause is checked by the rule. */
  cause: optional(z.string().max(60)),
  consequence: optional(Consequence),
  severity: optional(Severity),
  /** Annan vårdgivare: the register's provider the reporter meant; checked by the rule. */
  receiver: optional(z.string().max(60)),
});
export const StepInput = z.object({
  to: z.string().regex(STEP_ID),
  comment: FreeText(2000),
  contactNote: optional(FreeText(1000)),
  skipReason: optional(FreeText(1000)),
  deadline: optional(IsoDate),
  contactPerson: optional(FreeText(200)),
  confirmDeadline: toggle.optional(),
  outcome: optional(z.enum(['genomford', 'delvis', 'ej-genomford'])),
  boardDate: optional(IsoDate),
  diaryNumber: optional(FreeText(60)),
  /** The measure strategy of step 3 (002_… Ramverk för åtgärdsstrategi): purpose, strategy, measures. */
  purpose: optional(FreeText(1000)),
  strategy: optional(FreeText(2000)),
  plannedMeasures: optional(FreeText(2000)),
});
export const MeasureInput = z.object({
  measure: z.string().min(1).max(40),
  comment: FreeText(2000),
  skipReason: optional(FreeText(1000)),
  boardDate: optional(IsoDate),
  diaryNumber: optional(FreeText(60)),
});
export const CloseInput = z.object({
  outcome: z.enum(['atgardad', 'ej-befogad', 'ovrigt']),
  summary: FreeText(2000),
  feedback: FreeText(1000),
  endedBy: optional(z.enum(['lopande', 'havning'])),
});
export const GradeInput = z.object({ A: Grade, B: Grade, C: Grade, D: Grade, E: Grade });
/**
 * Why deep follow-up is considered (002_… kapitel 3, "Förfrågan om överlämning"): journal review,
 * termination or withdrawal, legal complexity, extra resources, a contract relation at risk.
 */
export const HANDOVER_CRITERIA = ['journalgranskning', 'havning', 'juridiskt-komplext', 'extra-resurser', 'avtalsrelation'] as const;
/** A multi-select choice set sends its values comma-separated. */
const checklist = <const I extends string>(items: readonly [I, ...I[]], empty: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(items)).min(1, empty));

/** Handing the case over to deep follow-up: the head of department's decision, recorded. */
export const HandoverInput = z.object({
  criteria: checklist(HANDOVER_CRITERIA, 'handover.criteriaRequired'),
  decisionDate: IsoDate,
  diaryNumber: optional(FreeText(60)),
  /** When the board's presidium was informed (002_… kapitel 3), if it has been. */
  presidiumInformed: optional(IsoDate),
  comment: FreeText(2000),
});
/** Moving a follow-up date (from a reminder): audited, and its reminders are re-planned. */
const PostponeInput = z.object({
  deadlineId: z.string().min(1).max(64),
  newDate: IsoDate,
  reason: FreeText(1000),
});

/**
 * Each skipped step's own reason (issue 31.3: no blanket skip), sent as one input per step,
 * skip_<step>, each screened like every free text.
 */
export const skipField = (step: string): string => `skip_${step}`;
const SKIP_FIELD = new RegExp(`^skip_(${STEP})$`);
const SkipReasons = z.record(z.string().regex(STEP_ID), FreeText(1000));

export const CaseAction = z.discriminatedUnion('kind', [
  TriageInput.extend({ kind: z.literal('triage') }),
  StepInput.extend({ kind: z.literal('step'), skipReasons: SkipReasons.optional() }),
  MeasureInput.extend({ kind: z.literal('measure'), skipReasons: SkipReasons.optional() }),
  CloseInput.extend({ kind: z.literal('close') }),
  z.object({ kind: z.literal('grade'), grades: GradeInput }),
  PostponeInput.extend({ kind: z.literal('postpone') }),
  HandoverInput.extend({ kind: z.literal('handover') }),
]);
export type CaseAction = z.infer<typeof CaseAction>;
export type ActionKind = CaseAction['kind'];

/** The schema of each action's form fields. */
export const INPUTS = {
  triage: TriageInput,
  step: StepInput,
  measure: MeasureInput,
  close: CloseInput,
  grade: GradeInput,
  postpone: PostponeInput,
  handover: HandoverInput,
} as const satisfies Record<ActionKind, z.ZodObject>;

/** A submit's fields as the action the rules decide on, or the zod issues. */
export function parseAction(kind: ActionKind, data: unknown) {
  const parsed = INPUTS[kind].safeParse(data);
  if (!parsed.success) return parsed;
  const skips = kind === 'step' || kind === 'measure' ? skipReasonsOf(data) : { success: true as const, data: {} };
  if (!skips.success) return skips;
  const action = kind === 'grade' ? { kind, grades: parsed.data } : { kind, ...parsed.data };
  return {
    success: true as const,
    data: { ...action, ...(Object.keys(skips.data).length ? { skipReasons: skips.data } : {}) } as CaseAction,
  };
}

/** The skip_<step> inputs of a submit, each parsed as the free text it is; issues named by the input. */
function skipReasonsOf(data: unknown) {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const reasons: Record<string, string> = {};
  const issues: z.core.$ZodIssue[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const step = SKIP_FIELD.exec(key)?.[1];
    if (!step || value === '' || value === undefined) continue;
    const reason = FreeText(1000).safeParse(value);
    if (reason.success) reasons[step] = reason.data;
    else issues.push(...reason.error.issues.map((i) => ({ ...i, path: [key] })));
  }
  return issues.length ? { success: false as const, error: new z.ZodError(issues) } : { success: true as const, data: reasons };
}
