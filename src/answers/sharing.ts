// Lärdomar in Teams (issue 35.3): the follow-up team shares a measure that worked from the
// answer view (`svar.dela`), audited; anyone lists them (`lärdomar [kategori|orsak]`).
import { fieldErrors } from '../core/forms.js';
import { translator } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import { newCard, replaceForInteractor } from '../core/reply.js';
import { fold } from '../core/text.js';
import type { Handler, RecordHandler, Turn } from '../core/turn.js';
import type { Case } from '../cases/model.js';
import { formCard, view, type AnswerDeps } from './handlers.js';
import { answerSource, lessonFact, share, sharedIn, ShareInput, type LessonSource } from './lessons.js';
import type { z } from 'zod/v4';
import type { CapabilityDeps } from '../deps.js';
import type { MessageKey } from '../core/i18n/index.js';

/** A list shows this many; the rest are counted (Teams refuses a card over about 28 KB). */
const SHOWN = 10;

/** `svar.dela`: the team's words for everyone, checked and screened, stored and audited. */
export function shareLesson(deps: AnswerDeps): RecordHandler<Case> {
  return async (turn, c) => {
    const tr = translator(turn.locale);
    const measureId = String((turn.data as Record<string, unknown>)?.['measureId'] ?? '').slice(0, 64);
    const again = (state: Parameters<typeof formCard>[5]) =>
      replaceForInteractor(formCard(deps, turn, 'lesson', c, measureId, state, turn.data));
    const parsed = ShareInput.safeParse(turn.data);
    if (!parsed.success) return again({ errors: fieldErrors(parsed.error.issues, tr), notice: tr('form.error.summary') });
    const refused = await recordLesson(deps, turn, answerSource(c, deps.stores.answers.get(c.id)), parsed.data, {
      verb: 'share',
      subject: c.id,
    });
    return replaceForInteractor(view(deps, turn, c, tr(refused ?? 'lesson.shared')));
  };
}

/**
 * The share rule on a source (a case's answer, a joint cause analysis), then the lesson stored and
 * audited under the subject; a refusal for want of a mandate is audited too. What to tell, if refused.
 */
export async function recordLesson(
  deps: Pick<CapabilityDeps<'answers' | 'lessons'>, 'stores' | 'audit'>,
  turn: Turn,
  source: LessonSource,
  input: z.infer<typeof ShareInput>,
  at: { verb: string; subject: string },
): Promise<MessageKey | undefined> {
  const decision = share(source, input, { actor: turn.actor, now: turn.now, shared: sharedIn(deps.stores.lessons) });
  if (!decision.ok) {
    if (decision.mandate) await deps.audit.refused(turn.actor.userId, at.verb, 'rule', turn.now, at.subject, turn.actor.name);
    return decision.reason;
  }
  await deps.stores.lessons.put(decision.lesson, { expectedVersion: 0 });
  const details = { measureId: decision.lesson.measureId, named: Boolean(decision.lesson.receiver) };
  await deps.audit.record(turn.actor.userId, 'lesson.share', turn.now, details, at.subject);
  return undefined;
}

/** The category or causes a query names (by id or by name, folded), if any. */
function named(ref: Pick<Reference, 'categories' | 'causes'>, query: string) {
  const q = fold(query);
  const hits = (list: readonly { id: string; sv: string; en: string }[]) =>
    list.filter((x) => [x.id, x.sv, x.en].some((s) => fold(s).includes(q))).map((x) => x.id);
  return { categories: hits(ref.categories), causes: hits(ref.causes) };
}

/** `lärdomar [kategori|orsak]`: what worked, newest first; a query narrows to a category or a cause. */
export function listLessons(deps: AnswerDeps): Handler {
  return async (turn: Turn) => {
    const tr = translator(turn.locale);
    const all = [...deps.stores.lessons.all()].sort((a, b) => b.sharedAt.localeCompare(a.sharedAt));
    const query = turn.args.trim();
    const wanted = query ? named(deps.reference, query) : undefined;
    const lessons = wanted
      ? all.filter((l) => wanted.categories.includes(l.category) || l.causes.some((x) => wanted.causes.includes(x)))
      : all;
    const empty = query && all.length ? tr('lesson.noMatch', { query: query.slice(0, 60) }) : tr('lesson.none');
    const card = deps.cards.render('report', {
      title: query ? tr('lesson.titleFor', { query: query.slice(0, 60) }) : tr('lesson.title'),
      subtitle: lessons.length > SHOWN ? tr('lesson.more', { count: lessons.length - SHOWN }) : '',
      buttons: [],
      sections: [{ title: '', empty, facts: lessons.slice(0, SHOWN).map((l) => lessonFact(deps.reference, tr, turn.locale, l)) }],
      note: '',
    });
    return newCard(card);
  };
}
