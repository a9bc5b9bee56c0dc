// Lärdomar (issue 35.3; 000_…: "sprida information om åtgärder som visat effekt"): a measure
// whose effect was followed up as working is shared county-wide by the follow-up team, in words
// they check (screened, no patient or reporter details), with the receiver named only where it
// agreed. Anyone reads them (`lärdomar [kategori|orsak]`); an officer's case card offers those
// for its category and cause.
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import type { Refusal } from '../core/turn.js';
import { FreeText } from '../core/screen.js';
import { hasRole, type Actor } from '../core/roles.js';
import { inScope, type Sides } from '../core/scope.js';
import { FOLLOW_UP_TEAM } from '../core/roles.js';
import type { CollectionSpec } from '../store/contract.js';
import type { Case } from '../cases/model.js';
import type { AnswerRecord, PlannedMeasure } from './model.js';
import { formatDate } from '../core/format.js';
import type { Locale, T } from '../core/i18n/index.js';
import { labelOf, type Reference } from '../core/refdata.js';

export const Lesson = z.object({
  id: z.string().min(1),
  version: z.number().int().positive(),
  /** The measure it came from (one lesson per measure). */
  measureId: z.string().min(1),
  caseId: z.string().min(1),
  /** The joint cause analysis it came from (issue 35.2), when it was one's measure. */
  analysisId: z.string().optional(),
  category: z.string(),
  /** The receiver's coded causes, else the case's cause. */
  causes: z.array(z.string()),
  /** What was done, as the follow-up team words it for everyone. */
  text: z.string(),
  /** What the follow-up of its effect said, as worded for everyone. */
  effect: z.string(),
  /** Only where the receiver agreed to be named. */
  receiver: z.string().optional(),
  sharedAt: z.iso.datetime(),
  sharedBy: z.object({ userId: z.string(), name: z.string() }),
});
export type Lesson = z.infer<typeof Lesson>;

export const LESSONS: CollectionSpec<Lesson> = { name: 'lessons', schema: Lesson, partition: (l) => l.sharedAt.slice(0, 4) };

const toggle = z.preprocess((v) => v === true || v === 'true', z.boolean());

/** What the sharing form sends: the measure, its words for everyone, and whether the receiver agreed to be named. */
export const ShareInput = z.object({
  measureId: z.string().min(1).max(64),
  text: FreeText(500).pipe(z.string().min(5)),
  effect: FreeText(500).pipe(z.string().min(2)),
  named: toggle.optional(),
});

/** Whether a measure is already shared, over the lessons stored. */
export const sharedIn = (store: { all(): readonly Lesson[] }) => {
  const ids = new Set(store.all().map((l) => l.measureId));
  return (measureId: string) => ids.has(measureId);
};

/** The causes a case is known by: the receiver's coded ones, else the case's own. */
export const causesOf = (c: Pick<Case, 'report'>, a: Pick<AnswerRecord, 'investigation'> | undefined): string[] =>
  a?.investigation?.causes.length ? a.investigation.causes : c.report.cause ? [c.report.cause] : [];

/** The measures that worked and are not shared yet: what the team may share. */
export const shareable = (measures: readonly PlannedMeasure[], shared: (measureId: string) => boolean) =>
  measures.filter((m) => m.effect?.result === 'ja' && !shared(m.id));

/** Where a lesson comes from: a case's answer, or a joint cause analysis (issue 35.2). */
export interface LessonSource {
  caseId: string;
  analysisId?: string;
  category: string;
  causes: readonly string[];
  receiver: string;
  /** The organisations whose follow-up team may share it. */
  sides: readonly Sides[];
  measures: readonly PlannedMeasure[];
}

/** A case's answer as the source of lessons. */
export const answerSource = (c: Case, a: AnswerRecord | undefined): LessonSource => ({
  caseId: c.id,
  category: c.report.category,
  causes: causesOf(c, a),
  receiver: c.report.receiver,
  sides: [c.report],
  measures: a?.investigation?.measures ?? [],
});

/** The follow-up team of the source's organisations shares; a measure once, and only one that worked. */
export function share(
  source: LessonSource,
  input: z.infer<typeof ShareInput>,
  ctx: { actor: Actor; now: Date; shared: (measureId: string) => boolean },
): { ok: true; lesson: Omit<Lesson, 'version'> } | (Refusal & { mandate?: boolean }) {
  if (!FOLLOW_UP_TEAM.some((r) => hasRole(ctx.actor, r)) || !source.sides.some((s) => inScope(ctx.actor, s))) {
    return { ok: false, reason: 'lesson.notTeam', mandate: true };
  }
  const m = source.measures.find((x) => x.id === input.measureId);
  if (!m || m.effect?.result !== 'ja') return { ok: false, reason: 'lesson.notWorked' };
  if (ctx.shared(m.id)) return { ok: false, reason: 'lesson.already' };
  return {
    ok: true,
    lesson: {
      id: randomUUID(),
      measureId: m.id,
      caseId: source.caseId,
      ...(source.analysisId ? { analysisId: source.analysisId } : {}),
      category: source.category,
      causes: [...source.causes],
      text: input.text,
      effect: input.effect,
      ...(input.named ? { receiver: source.receiver } : {}),
      sharedAt: ctx.now.toISOString(),
      sharedBy: { userId: ctx.actor.userId, name: ctx.actor.name },
    },
  };
}

/** Lessons for a category and causes: the same category and a shared cause first, newest first. */
export function similar(lessons: readonly Lesson[], category: string, causes: readonly string[]): Lesson[] {
  const score = (l: Lesson) => (l.category === category ? 2 : 0) + (l.causes.some((x) => causes.includes(x)) ? 1 : 0);
  return lessons.filter((l) => score(l) > 0).sort((a, b) => score(b) - score(a) || b.sharedAt.localeCompare(a.sharedAt));
}

/** A lesson as a list shows it: what was done, its effect, and where it came from (never the case). */
export function lessonFact(ref: Pick<Reference, 'categories' | 'causes' | 'provider'>, tr: T, locale: Locale, l: Lesson) {
  const receiver = l.receiver ? ` · ${ref.provider(l.receiver)?.shortName ?? l.receiver}` : '';
  return {
    title: tr('lesson.line', {
      category: labelOf(ref.categories, l.category, locale),
      causes: l.causes.map((x) => labelOf(ref.causes, x, locale)).join(', ') || '–',
      date: formatDate(l.sharedAt.slice(0, 10), locale),
      receiver,
    }),
    value: `${l.text}\n\n${tr('lesson.effectLine', { effect: l.effect })}`,
  };
}

/** For an officer's case card: up to three lessons for its category and causes. */
export const lessonsFor = (lessons: readonly Lesson[], category: string, causes: readonly string[]) =>
  similar(lessons, category, causes).slice(0, 3);
