// Reporting a deviation from the personal chat: open the form, validate a submit, register the
// case (or link it to an open duplicate), confirm, tell the receiving team, and let the reporter
// follow their own reports. Flow: turn → form.ts (zod) → service.ts (store) → cards.ts.
import { randomUUID } from 'node:crypto';
import { z } from 'zod/v4';
import { swedishDate } from '../core/clock.js';
import type { CapabilityDeps } from '../core/deps.js';
import { translator } from '../core/i18n/index.js';
import type { Answer, Capability, Handler, Notification, Turn } from '../core/turn.js';
import type { Case } from '../cases/model.js';
import { MY_REPORTS_VERB, REPORT_FORM_VERB } from '../help/handlers.js';
import { CREATE_NEW_VERB, LINK_VERB, ReportingCards, SHOW_VERB, SUBMIT_VERB } from './cards.js';
import { parseReportForm, type FormResult } from './form.js';
import { ReportingService } from './service.js';

const CaseRef = z.object({ caseId: z.string().min(1).max(64) });

export function reportingCapability(deps: CapabilityDeps): Capability & { service: ReportingService; cards: ReportingCards } {
  const service = new ReportingService(deps.stores.cases);
  const cards = new ReportingCards(deps.cards, deps.reference);
  const today = (turn: Turn) => swedishDate(turn.now);
  const onlyPersonal = (turn: Turn): Answer => ({ send: [{ text: translator(turn.locale)('form.onlyPersonal') }] });

  const openForm: Handler = async (turn) => {
    if (turn.place.kind !== 'personal') return onlyPersonal(turn);
    const unit = deps.stores.profiles.get(turn.actor.userId)?.unit;
    const card = cards.form(turn.locale, randomUUID(), today(turn), { kind: 'avvikelse', eventDate: today(turn), reporterUnit: unit });
    return { send: [{ card }] };
  };

  /** Same card back with the input kept and a message next to each bad field. */
  const formAgain = (turn: Turn, result: Extract<FormResult, { ok: false }>): Answer => ({
    replaceCard: cards.form(turn.locale, result.formId ?? randomUUID(), today(turn), result.values, result.errors, result.fatal),
  });

  const teamNotices = (c: Case): Notification[] =>
    deps.registry.channelsFor(c.report.receiver).map((channel) => ({
      to: { kind: 'conversation', key: channel.id },
      message: { card: cards.notice('sv', c) },
    }));

  const remember = async (turn: Turn, unit: string) => {
    const current = deps.stores.profiles.get(turn.actor.userId);
    if (current?.unit === unit && current.locale === turn.locale) return;
    await deps.stores.profiles.put({ id: turn.actor.userId, unit, locale: turn.locale, updatedAt: turn.now.toISOString() });
  };

  const register = (mode: 'submit' | 'new' | 'link'): Handler => async (turn) => {
    if (turn.place.kind !== 'personal') return onlyPersonal(turn);
    const result = parseReportForm(turn.data, deps.reference, today(turn));
    if (!result.ok) return formAgain(turn, result);
    const done = service.byFormId(result.formId);
    if (done) return { replaceCard: cards.confirmation(turn.locale, done, done.formId !== result.formId) };

    if (mode === 'submit') {
      const duplicate = service.findDuplicate(result.report);
      if (duplicate) {
        const pending = { ...result.values, formId: result.formId, identityConfirmed: (turn.data as { identityConfirmed?: string }).identityConfirmed };
        return { replaceCard: cards.duplicate(turn.locale, duplicate, pending) };
      }
    }
    if (mode === 'link') {
      const ref = CaseRef.safeParse(turn.data);
      const linked = ref.success
        ? await service.link(ref.data.caseId, result.formId, result.report, turn.actor, turn.now, turn.activityId)
        : undefined;
      if (linked) {
        await remember(turn, result.report.reporterUnit);
        return { replaceCard: cards.confirmation(turn.locale, linked.case, true) };
      }
      // The case closed or vanished meanwhile: register a new case instead of losing the report.
    }
    const outcome = await service.create(result.formId, result.report, turn.actor, turn.now, turn.activityId);
    await remember(turn, result.report.reporterUnit);
    return {
      replaceCard: cards.confirmation(turn.locale, outcome.case, false),
      notify: outcome.created ? teamNotices(outcome.case) : [],
    };
  };

  const mine: Handler = async (turn) => {
    const card = cards.mine(turn.locale, service.reportedBy(turn.actor.userId));
    return turn.universal ? { replaceCard: card } : { send: [{ card }] };
  };

  const show: Handler = async (turn) => {
    const tr = translator(turn.locale);
    const ref = CaseRef.safeParse(turn.data);
    const c = ref.success ? deps.stores.cases.get(ref.data.caseId) : undefined;
    const mayView = c && (c.reporter.userId === turn.actor.userId || c.linked.some((l) => l.reporter.userId === turn.actor.userId));
    if (!c || !mayView) return { send: [{ text: tr('detail.notFound') }] };
    return { replaceCard: cards.detail(turn.locale, c) };
  };

  return {
    name: 'reporting',
    service,
    cards,
    routes: [
      { kind: 'command', name: 'report', words: ['ny avvikelse', 'rapportera', 'new deviation', 'report', 'ny'], handler: openForm },
      { kind: 'command', name: 'my-reports', words: ['mina avvikelser', 'my reports', 'mina'], handler: mine },
      { kind: 'verb', verb: REPORT_FORM_VERB, handler: openForm },
      { kind: 'verb', verb: SUBMIT_VERB, handler: register('submit') },
      { kind: 'verb', verb: CREATE_NEW_VERB, handler: register('new') },
      { kind: 'verb', verb: LINK_VERB, handler: register('link') },
      { kind: 'verb', verb: MY_REPORTS_VERB, handler: mine },
      { kind: 'verb', verb: SHOW_VERB, handler: show },
    ],
  };
}
