// For admins: `importera indikatorer [strikt]` with CSV pasted under the command, and
// `registrera värde` (a card to register or correct one value).
import { z } from 'zod/v4';
import { renderForm } from '../core/forms.js';
import { translator, type MessageKey } from '../core/i18n/index.js';
import { defaultOrganisation } from '../core/organisations.js';
import { label } from '../core/refdata.js';
import { newCard, replaceForAll, replaceForInteractor, say } from '../core/reply.js';
import type { Handler, Turn } from '../core/turn.js';
import { indicatorCard, indicatorChoice, valueForm, type IndicatorDeps } from './cards.js';
import { changeNotices } from './channel.js';
import { parseIndicatorCsv, rejectionText } from './csv.js';
import type { Indicator } from './model.js';
import { INDICATOR_VERBS } from './verbs.js';

const ValueData = z.object({
  indicator: z.string().min(1).max(60),
  org: z.string().min(1).max(60),
  period: z.string().trim().min(4).max(7),
  value: z.string().trim().max(30).optional(),
});

export function importCsv(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const [first, ...rest] = turn.args.split(/\r?\n/);
    const strict = /^(strikt|strict)\b/i.test(first?.trim() ?? '');
    const csv = (strict ? rest : [first ?? '', ...rest]).join('\n');
    if (!csv.trim()) return say(tr('indicator.importUsage'));
    const parsed = parseIndicatorCsv(csv, deps.service.catalogue, deps.reference);
    const result = await deps.service.importRows(parsed, strict, turn.actor.userId, turn.now);
    const lines = result.rejected.map((r) => tr('indicator.rejectedLine', { line: r.line, reason: rejectionText(r, tr) }));
    const summary =
      strict && result.rejected.length
        ? tr('indicator.importStrictFailed', { rejected: result.rejected.length })
        : tr('indicator.imported', { applied: result.applied, rejected: result.rejected.length });
    const card = deps.cards.render('message', {
      title: summary,
      text: lines.join('\n\n') || tr('indicator.noRejected'),
      color: result.rejected.length ? 'Attention' : 'Default',
    });
    return { ...newCard(card), notify: changeNotices(deps, result.changes) };
  };
}

export function registerValue(deps: IndicatorDeps): Handler {
  return async (turn) => newCard(valueForm(deps, turn));
}

export function saveValue(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const d = ValueData.safeParse(turn.data);
    const raw = Object.fromEntries(
      Object.entries((turn.data ?? {}) as Record<string, unknown>)
        .filter(([, v]) => typeof v === 'string')
        .map(([k, v]) => [k, String(v).slice(0, 100)]),
    );
    if (!d.success) return replaceForInteractor(valueForm(deps, turn, raw, tr('form.error.summary')));
    const header = 'indikator;organisation;period;värde';
    const parsed = parseIndicatorCsv(
      `${header}\n${d.data.indicator};${d.data.org};${d.data.period};${d.data.value ?? ''}`,
      deps.service.catalogue,
      deps.reference,
    );
    if (parsed.rejected.length) return replaceForInteractor(valueForm(deps, turn, raw, rejectionText(parsed.rejected[0]!, tr)));
    const result = await deps.service.importRows(parsed, true, turn.actor.userId, turn.now, 'manual');
    const ind = deps.service.get(d.data.indicator)!;
    return {
      ...replaceForAll(await indicatorCard(deps, turn, ind, d.data.org)),
      notify: changeNotices(deps, result.changes),
    };
  };
}

const TargetData = z.object({
  indicator: z.string().min(1).max(60),
  target: z.string().trim().min(1).max(20),
  warning: z.string().trim().max(20).optional(),
});
const number = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s.replace(/\s/g, '').replace(',', '.')));

function targetForm(
  deps: IndicatorDeps,
  turn: Turn,
  ind: Indicator,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
) {
  const tr = translator(turn.locale);
  return renderForm(deps.cards, turn.locale, {
    title: tr('indicator.targetTitle', { name: label(ind.name, turn.locale) }),
    intro: tr(ind.direction === 'higher' ? 'indicator.targetIntro.higher' : 'indicator.targetIntro.lower', {
      unit: label(ind.unit, turn.locale),
    }),
    fields: [
      { id: 'target', kind: 'text', label: 'indicator.field.target', required: true, max: 20 },
      { id: 'warning', kind: 'text', label: 'indicator.field.warning', hint: 'indicator.field.warningHint', max: 20 },
    ],
    values: {
      target: ind.target === null ? '' : String(ind.target),
      warning: ind.warning === undefined ? '' : String(ind.warning),
      ...values,
    },
    errors,
    submit: { title: tr('case.save'), verb: INDICATOR_VERBS.target, data: { indicator: ind.id } },
  });
}

/** `sätt mål <indikator>`: the admin's form for an indicator's target (a choice when several match). */
export function setTargetCommand(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const matches = turn.args ? deps.service.find(turn.args) : [];
    if (matches.length === 0) return say(tr('indicator.targetWhich'));
    if (matches.length > 1) return newCard(indicatorChoice(deps, turn, turn.args, matches, INDICATOR_VERBS.targetForm));
    if (matches[0]!.direction === 'neutral') return say(tr('indicator.neutralNoTarget'));
    return newCard(targetForm(deps, turn, matches[0]!));
  };
}

/** The chosen indicator's target form (a button of the choice above). */
export function openTargetForm(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const d = z.object({ indicator: z.string().min(1).max(60) }).safeParse(turn.data);
    const ind = d.success ? deps.service.get(d.data.indicator) : undefined;
    if (!ind) return say(translator(turn.locale)('action.unknown'));
    if (ind.direction === 'neutral') return say(translator(turn.locale)('indicator.neutralNoTarget'));
    return replaceForInteractor(targetForm(deps, turn, ind));
  };
}

/** The form's save: a number (and an optional warning level on the right side of it), audited. */
export function saveTarget(deps: IndicatorDeps): Handler {
  return async (turn) => {
    const tr = translator(turn.locale);
    const d = TargetData.safeParse(turn.data);
    const ind = d.success ? deps.service.get(d.data.indicator) : undefined;
    if (!d.success || !ind) return say(tr('action.unknown'));
    if (ind.direction === 'neutral') return say(tr('indicator.neutralNoTarget'));
    const target = number(d.data.target);
    const warning = number(d.data.warning);
    const values = { target: d.data.target, warning: d.data.warning ?? '' };
    const bad = (f: string, key: MessageKey) => replaceForInteractor(targetForm(deps, turn, ind, values, { [f]: tr(key) }));
    const inRange = (v: number) => Number.isFinite(v) && (ind.min === undefined || v >= ind.min) && (ind.max === undefined || v <= ind.max);
    if (target === undefined || !inRange(target)) return bad('target', 'indicator.targetInvalid');
    if (warning !== undefined && (!inRange(warning) || (ind.direction === 'higher' ? warning >= target : warning <= target)))
      return bad('warning', 'indicator.warningInvalid');
    const current = deps.stores.indicatorTargets.get(ind.id);
    await deps.stores.indicatorTargets.put(
      { id: ind.id, target, warning, by: turn.actor.userId, byName: turn.actor.name.slice(0, 100), at: turn.now.toISOString() },
      { expectedVersion: current?.version ?? 0 },
    );
    await deps.audit.record(turn.actor.userId, 'indicator.target', turn.now, {
      indicator: ind.id,
      target,
      warning,
      before: current?.target,
    });
    return replaceForAll(
      await indicatorCard(
        deps,
        turn,
        deps.service.get(ind.id)!,
        defaultOrganisation(turn, (k) => deps.registry.organisationOf(k)),
      ),
    );
  };
}
