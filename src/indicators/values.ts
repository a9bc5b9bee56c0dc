// For admins: `importera indikatorer [strikt]` with CSV pasted under the command, and
// `registrera värde` (a card to register or correct one value).
import { z } from 'zod/v4';
import { translator } from '../core/i18n/index.js';
import { newCard, replaceForAll, replaceForInteractor, say } from '../core/reply.js';
import type { Handler } from '../core/turn.js';
import { indicatorCard, valueForm, type IndicatorDeps } from './cards.js';
import { changeNotices } from './channel.js';
import { parseIndicatorCsv } from './csv.js';

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
    const lines = result.rejected.map((r) => tr('indicator.rejectedLine', { line: r.line, reason: r.reason }));
    const summary =
      strict && result.rejected.length
        ? tr('indicator.importStrictFailed', { rejected: result.rejected.length })
        : tr('indicator.imported', { applied: result.applied, rejected: result.rejected.length });
    const card = deps.cards.render('message', {
      title: summary,
      text: lines.join('\n\n') || tr('indicator.noRejected'),
      color: result.rejected.length ? 'Attention' : 'Good',
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
    if (parsed.rejected.length) return replaceForInteractor(valueForm(deps, turn, raw, parsed.rejected[0]!.reason));
    const result = await deps.service.importRows(parsed, true, turn.actor.userId, turn.now, 'manual');
    const ind = deps.service.get(d.data.indicator)!;
    return {
      ...replaceForAll(await indicatorCard(deps, turn.locale, ind, d.data.org, turn.now)),
      notify: changeNotices(deps, result.changes),
    };
  };
}
