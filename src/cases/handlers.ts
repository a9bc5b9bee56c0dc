// Case handling for handläggare, teamledare and teamet: lists, the case card, and every action
// along the ladder. Flow: card submit → zod (rules.ts CaseAction) → decide() → versioned put →
// fresh case card, reporter feedback, audit. A stale card version gets the fresh card back.
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import { swedishDate } from '../core/clock.js';
import type { CapabilityDeps } from '../core/deps.js';
import { translator, type Locale, type MessageKey } from '../core/i18n/index.js';
import { findProviders } from '../core/providers.js';
import { hasRole, type Actor } from '../core/roles.js';
import { fold } from '../core/text.js';
import type { Answer, Capability, Handler, Notification, Turn } from '../core/turn.js';
import { ConflictError } from '../store/recordStore.js';
import type { Case } from './model.js';
import { CaseCards, type CaseCardState } from './cards.js';
import { CaseAction, decide, isOverdue, priority, suggestedAfterFollowUp } from './rules.js';
import { Light, maySeeLight, providerLight } from './traffic.js';

const PAGE_SIZE = 8;
/** Fields whose label the catalogue has (case.field.<name>), for messages about bad input. */
const FIELD_LABELS = ['decision', 'assessment', 'watchUntil', 'comment', 'to', 'contactNote', 'skipReason', 'deadline', 'contactPerson', 'outcome', 'boardDate', 'diaryNumber', 'summary', 'feedback', 'endedBy'] as const;
const CaseRef = z.object({ caseId: z.string().min(1).max(64), version: z.coerce.number().int().positive().optional() });
const ListRef = z.object({ filter: z.string().max(100).default('alla'), page: z.coerce.number().int().min(1).max(10_000).default(1) });
const OverrideData = z.object({
  providerId: z.string().min(1).max(64),
  color: Light,
  reason: z.string().trim().min(3).max(1000),
});

/** Card inputs are prefixed by their form (triage_comment, step_to …): strip and type them. */
function actionFromCard(kind: CaseAction['kind'], data: Record<string, unknown>): unknown {
  const prefix = { triage: 'triage_', step: 'step_', measure: 'measure_', grade: 'grade_', close: 'close_', postpone: 'postpone_' }[kind];
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (!k.startsWith(prefix) || typeof v !== 'string' || v.trim() === '') continue;
    fields[k.slice(prefix.length)] = v;
  }
  if (kind === 'step') fields['confirmDeadline'] = fields['confirmDeadline'] === 'true';
  if (kind === 'grade') return { kind, grades: fields };
  return { kind, ...fields };
}

function keptValues(data: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).filter(([k, v]) => k.includes('_') && typeof v === 'string').map(([k, v]) => [k, String(v).slice(0, 2000)]));
}

export function casesCapability(deps: CapabilityDeps): Capability {
  const cards = new CaseCards(deps.cards, deps.reference);
  const today = (turn: Turn) => swedishDate(turn.now);
  const officer = (actor: Actor) => hasRole(actor, 'handlaggare', 'teamledare', 'teamet');
  const text = (t: string): Answer => ({ send: [{ text: t }] });
  const refusedFor = (caseId: string) => deps.stores.audit.all().filter((a) => a.details['caseId'] === caseId);

  const caseCard = (turn: Turn, c: Case, state?: CaseCardState) =>
    cards.caseCard(turn.locale, c, turn.actor, today(turn), refusedFor(c.id), state);

  const audit = (turn: Turn, action: string, details: Record<string, unknown>) =>
    deps.stores.audit.put({ id: randomUUID(), at: turn.now.toISOString(), actor: turn.actor.userId, action, details: { ...details, activityId: turn.activityId } });

  /** The reporter hears of every status change, in their own language, never internal notes. */
  const feedback = (c: Case, key: MessageKey, vars: Record<string, string>): Notification => {
    const locale: Locale = deps.stores.profiles.get(c.reporter.userId)?.locale ?? 'sv';
    const tr = translator(locale);
    const stepVars: Record<string, string> = vars['step'] ? { step: cards.stepName(locale, vars['step']) } : {};
    return {
      to: { kind: 'user', userId: c.reporter.userId },
      message: { card: deps.cards.render('message', { title: tr('feedback.title', { number: c.number }), text: tr(key, { ...vars, ...stepVars }), color: 'Default' }) },
    };
  };

  const list = (filterText: string, page: number): Handler => async (turn) => {
    const tr = translator(turn.locale);
    if (!officer(turn.actor)) return text(tr('cases.notAllowed'));
    const f = fold(filterText);
    let cases = [...deps.stores.cases.all()];
    let title = tr('list.title.alla');
    const stepMatch = f.match(/^(?:steg|step) ([0-5][ab]?)$/);
    if (f === 'nya' || f === 'new') {
      cases = cases.filter((c) => c.status === 'ny');
      title = tr('list.title.nya');
    } else if (f === 'mina' || f === 'mine') {
      cases = cases.filter((c) => c.report.receiver && (turn.actor.providers.includes(c.report.receiver) || c.events.some((e) => e.actor.userId === turn.actor.userId)));
      title = tr('list.title.mina');
    } else if (f === 'forsenade' || f === 'overdue') {
      cases = cases.filter((c) => c.status !== 'avslutad' && isOverdue(c, today(turn)));
      title = tr('list.title.forsenade');
    } else if (stepMatch) {
      cases = cases.filter((c) => c.step === stepMatch[1] && c.status !== 'avslutad');
      title = tr('list.title.steg', { step: stepMatch[1]! });
    } else if (f === 'prioritet' || f === 'priority') {
      cases = cases.filter((c) => c.status !== 'avslutad').sort((a, b) => priority(b) - priority(a));
      title = tr('list.title.prioritet');
    } else if (f && f !== 'alla' && f !== 'all') {
      const providers = findProviders(deps.reference.providers, filterText);
      if (providers.length === 0) return text(tr('link.noMatch', { query: filterText }));
      const ids = new Set(providers.map((p) => p.id));
      cases = cases.filter((c) => ids.has(c.report.receiver));
      title = tr('list.title.provider', { provider: providers.map((p) => p.shortName).join(', ') });
    }
    if (!(f === 'prioritet' || f === 'priority')) cases.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const card = cards.list(turn.locale, title, cases, today(turn), filterText || 'alla', page, PAGE_SIZE);
    return turn.universal ? { replaceCard: card } : { send: [{ card }] };
  };

  const listVerb: Handler = async (turn) => {
    const ref = ListRef.safeParse(turn.data);
    if (!ref.success) return text(translator(turn.locale)('action.unknown'));
    return list(ref.data.filter, ref.data.page)(turn);
  };

  const show: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (!officer(turn.actor)) return text(tr('cases.notAllowed'));
    const ref = CaseRef.safeParse(turn.data);
    const c = ref.success ? deps.stores.cases.get(ref.data.caseId) : undefined;
    if (!c) return text(tr('case.notFound'));
    const card = caseCard(turn, c);
    return turn.universal ? { replaceCard: card } : { send: [{ card }] };
  };

  const act = (kind: CaseAction['kind']): Handler => async (turn) => {
    const tr = translator(turn.locale);
    const data = (turn.data && typeof turn.data === 'object' ? turn.data : {}) as Record<string, unknown>;
    const ref = CaseRef.safeParse(data);
    const c = ref.success ? deps.stores.cases.get(ref.data.caseId) : undefined;
    if (!ref.success || !c) {
      await audit(turn, 'case.refused', { verb: kind, reason: 'unknown case', caseId: ref.success ? ref.data.caseId : undefined });
      return text(tr('case.notFound'));
    }
    if (!officer(turn.actor)) {
      await audit(turn, 'case.refused', { caseId: c.id, verb: kind, reason: tr('cases.notAllowed') });
      return text(tr('cases.notAllowed'));
    }
    const values = keptValues(data);
    if (ref.data.version !== undefined && ref.data.version !== c.version) {
      return { replaceCard: caseCard(turn, c, { notice: tr('case.conflict') }) };
    }
    const parsed = CaseAction.safeParse(actionFromCard(kind, data));
    if (!parsed.success) {
      const field = String(parsed.error.issues[0]?.path.at(-1) ?? '');
      const known = FIELD_LABELS.includes(field as (typeof FIELD_LABELS)[number]);
      const name = known ? tr(`case.field.${field}` as MessageKey) : field;
      return { replaceCard: caseCard(turn, c, { notice: tr('case.invalidField', { field: name }), values }) };
    }
    const decision = decide(c, parsed.data, { actor: turn.actor, now: turn.now, today: today(turn), ladder: deps.reference.ladder, activityId: turn.activityId });
    if (!decision.ok) {
      // Every refused change is audited (a forged card looks like any other submit); the case
      // itself is untouched, so another officer's open card stays valid.
      const message = tr(decision.reason, decision.vars);
      await audit(turn, 'case.refused', { caseId: c.id, verb: kind, reason: message, mandate: Boolean(decision.mandate), to: 'to' in parsed.data ? parsed.data.to : undefined });
      return { replaceCard: caseCard(turn, c, { notice: message, values: decision.mandate ? {} : values }) };
    }
    let stored: Case;
    try {
      stored = await deps.stores.cases.put(decision.next, { expectedVersion: c.version });
    } catch (err) {
      if (err instanceof ConflictError) return { replaceCard: caseCard(turn, deps.stores.cases.get(c.id)!, { notice: tr('case.conflict') }) };
      throw err;
    }
    const outcome = parsed.data.kind === 'step' ? parsed.data.outcome : undefined;
    const done = outcome
      ? tr('case.savedSuggest', { step: cards.stepName(turn.locale, suggestedAfterFollowUp(outcome)) })
      : tr('case.saved');
    return {
      replaceCard: caseCard(turn, stored, { done }),
      notify: decision.notice ? [feedback(stored, decision.notice.key, decision.notice.vars)] : [],
    };
  };

  const provider: Handler = async (turn) => {
    const tr = translator(turn.locale);
    if (!maySeeLight(turn.actor)) return text(tr('light.notAllowed'));
    if (!turn.args) return text(tr('provider.usage'));
    const matches = findProviders(deps.reference.providers, turn.args);
    if (matches.length === 0) return text(tr('link.noMatch', { query: turn.args }));
    if (matches.length > 1) return text(tr('link.ambiguous', { names: matches.slice(0, 8).map((p) => p.shortName).join(', ') }));
    return { send: [{ card: providerCard(turn, matches[0]!.id) }] };
  };

  const providerCard = (turn: Turn, providerId: string, notice = '') => {
    const all = deps.stores.cases.all().filter((c) => c.report.receiver === providerId);
    const light = providerLight(all, providerId, deps.stores.lights.get(providerId));
    const open = all.filter((c) => c.status !== 'avslutad').sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return cards.provider(turn.locale, providerId, light, open, all.length - open.length, hasRole(turn.actor, 'handlaggare', 'teamledare'), notice);
  };

  const override: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const parsed = OverrideData.safeParse(turn.data);
    if (!parsed.success || !deps.reference.provider(parsed.data.providerId)) return text(tr('light.invalid'));
    if (!hasRole(turn.actor, 'handlaggare', 'teamledare')) {
      await audit(turn, 'light.refused', { providerId: parsed.data.providerId });
      return text(tr('light.notAllowed'));
    }
    const current = deps.stores.lights.get(parsed.data.providerId);
    await deps.stores.lights.put({ id: parsed.data.providerId, color: parsed.data.color, reason: parsed.data.reason, by: turn.actor.userId, at: turn.now.toISOString() }, { expectedVersion: current?.version ?? 0 });
    await audit(turn, 'light.override', { providerId: parsed.data.providerId, color: parsed.data.color, before: current?.color });
    return { replaceCard: providerCard(turn, parsed.data.providerId, tr('case.saved')) };
  };

  return {
    name: 'cases',
    routes: [
      { kind: 'command', name: 'cases', words: ['ärenden', 'cases'], handler: (turn) => list(turn.args, 1)(turn) },
      { kind: 'command', name: 'provider', words: ['leverantör', 'vårdgivare', 'provider'], handler: provider },
      { kind: 'verb', verb: 'arende.lista', handler: listVerb },
      { kind: 'verb', verb: 'arende.visa', handler: show },
      { kind: 'verb', verb: 'arende.triage', handler: act('triage') },
      { kind: 'verb', verb: 'arende.steg', handler: act('step') },
      { kind: 'verb', verb: 'arende.atgard', handler: act('measure') },
      { kind: 'verb', verb: 'arende.prioritera', handler: act('grade') },
      { kind: 'verb', verb: 'arende.avsluta', handler: act('close') },
      { kind: 'verb', verb: 'leverantor.farg', handler: override },
      { kind: 'verb', verb: 'paminnelse.skjut', handler: act('postpone') },
    ],
  };
}

