// `exportera ärenden [json]` and `exportera revision AVV-…`, and the board report as a file:
// files reach the user through Teams' file consent flow in their personal chat (teams/files.ts).
// Each file is produced when the user accepts, for that user: the follow-up team only, the
// cases in their scope only, never a reporter's identity.
import { z } from 'zod/v4';
import type { CapabilityDeps } from '../deps.js';
import { todayOf } from '../core/clock.js';
import { plural, translator } from '../core/i18n/index.js';
import { say } from '../core/reply.js';
import { hasRole } from '../core/roles.js';
import { hasIdentity } from '../core/screen.js';
import { inScope } from '../core/scope.js';
import { CaseQueries } from '../cases/queries.js';
import type { Case } from '../cases/model.js';
import { fold } from '../core/text.js';
import type { Answer, FileOffer, Handler, ProducedFile, Turn } from '../core/turn.js';
import { yearBoardReport } from './aggregate.js';
import { auditCsv, casesCsv, casesJson, reportHtml, toCsv } from './export.js';
import { boardRows, type StatsDeps } from './reports.js';
import { mayReadStatistics } from './scope.js';
import { delregionalFile } from './delregional.js';
import { STATISTICS_FILES } from './verbs.js';

export type ExportDeps = StatsDeps & Pick<CapabilityDeps, 'audit'>;

/** How long the team lead's comment on the board report may be. */
const MAX_COMMENT = 1000;

/**
 * The team lead's comments and conclusions for the board report's file: a team lead's only (the
 * consent's context comes back from the client, so it is checked again when the file is made),
 * never with an identity number in it.
 */
function leadComment(turn: Turn, text: string | undefined): string {
  const comment = (text ?? '').trim().slice(0, MAX_COMMENT);
  return comment && hasRole(turn.actor, 'teamledare') && !hasIdentity(comment) ? comment : '';
}

const Format = z.enum(['csv', 'json']);
const BoardArgs = z.object({
  year: z.string().regex(/^\d{4}$/),
  org: z.string().min(1).max(64),
  format: z.enum(['csv', 'html']),
  comment: z.string().max(MAX_COMMENT).optional(),
});
const AuditArgs = z.object({ number: z.string().regex(/^AVV-\d{4}-\d{5}$/) });

function offer(turn: Turn, file: string, args: Record<string, string>, produced: ProducedFile, description: string): Answer {
  const o: FileOffer = { file, args, name: produced.name, description, sizeInBytes: Buffer.byteLength(produced.body) };
  const tr = translator(turn.locale);
  return { ...(turn.place.kind === 'personal' ? {} : say(tr('file.toPersonal'))), files: [o] };
}

/** Every case in the actor's scope, old ones read from disk too, by number. */
async function casesInScope(deps: ExportDeps, actor: Turn['actor']): Promise<Case[]> {
  const out: Case[] = [];
  for await (const part of deps.stores.cases.scan()) for (const c of part) if (inScope(actor, c.report)) out.push(c);
  return out.sort((a, b) => a.number.localeCompare(b.number));
}

function casesFile(format: string | undefined, cases: readonly Case[]): ProducedFile {
  const f = Format.catch('csv').parse(format);
  const body = f === 'json' ? casesJson(cases, true) : casesCsv(cases, true);
  return { name: `arenden.${f}`, type: f === 'json' ? 'application/json' : 'text/csv', body };
}

export function produceCases(deps: ExportDeps): (turn: Turn, args: Record<string, string>) => Promise<ProducedFile | undefined> {
  return async (turn, args) => casesFile(args['format'], await casesInScope(deps, turn.actor));
}

export function produceAudit(deps: ExportDeps): (turn: Turn, args: Record<string, string>) => Promise<ProducedFile | undefined> {
  return async (turn, args) => {
    const a = AuditArgs.safeParse(args);
    const c = a.success ? await CaseQueries.of(deps.stores.cases).byNumber(a.data.number) : undefined;
    if (!c || !inScope(turn.actor, c.report)) return undefined;
    const refused = deps.audit.forCase(c.id).filter((e) => e.action === 'refused');
    return { name: `revision-${c.number}.csv`, type: 'text/csv', body: auditCsv(c, refused, deps.stores.answers.get(c.id)) };
  };
}

export function produceBoardReport(deps: ExportDeps): (turn: Turn, args: Record<string, string>) => Promise<ProducedFile | undefined> {
  return async (turn, args) => {
    const a = BoardArgs.safeParse(args);
    if (!a.success || !deps.organisations.get(a.data.org) || !mayReadStatistics(turn.actor, a.data.org, deps.organisations))
      return undefined;
    const tr = translator(turn.locale);
    const rows = boardRows(
      tr,
      await yearBoardReport(CaseQueries.of(deps.stores.cases), a.data.year, a.data.org, deps.reference, todayOf(turn)),
    );
    const name = `arsrapport-${a.data.year}-${a.data.org}`;
    const comment = leadComment(turn, a.data.comment);
    if (a.data.format === 'csv') {
      const all: [string, string | number][] = comment ? [...rows, [tr('board.comment'), comment]] : rows;
      return { name: `${name}.csv`, type: 'text/csv', body: toCsv([tr('board.measure'), tr('board.count')], all) };
    }
    return {
      name: `${name}.html`,
      type: 'text/html',
      body: reportHtml(tr('board.title', { year: a.data.year }), deps.organisations.name(a.data.org), rows, tr('board.comment'), comment),
    };
  };
}

/** `exportera …`: a consent card for the file, in the personal chat. */
export function exportCommand(deps: ExportDeps): Handler {
  const audit = produceAudit(deps);
  return async (turn) => {
    const tr = translator(turn.locale);
    const words = fold(turn.args).split(' ').filter(Boolean);
    if (words[0] === 'revision' || words[0] === 'audit') {
      const args = { number: (turn.args.split(/\s+/)[1] ?? '').toUpperCase() };
      const file = AuditArgs.safeParse(args).success ? await audit(turn, args) : undefined;
      if (!file) return say(tr('guard.unknown'));
      return offer(turn, STATISTICS_FILES.audit, args, file, tr('export.auditTitle', { number: args.number }));
    }
    const args = { format: words.includes('json') ? 'json' : 'csv' };
    const cases = await casesInScope(deps, turn.actor);
    return offer(
      turn,
      STATISTICS_FILES.cases,
      args,
      casesFile(args.format, cases),
      tr('export.casesTitle', { cases: plural(turn.locale, 'list.count', cases.length) }),
    );
  };
}

/** A button on the board report: the report as a file. */
/** A report's file buttons (the board report, the delregional report): offered by consent. */
export function sendReportFile(deps: ExportDeps): Handler {
  const board = produceBoardReport(deps);
  const delregional = produceDelregionalReport(deps);
  return async (turn) => {
    const tr = translator(turn.locale);
    const data = (turn.data ?? {}) as Record<string, unknown>;
    const text = (k: string) => String(data[k] ?? '');
    const comment = text('comment').trim().slice(0, MAX_COMMENT);
    const isDelregional = data['file'] === 'delregional';
    if (!isDelregional && comment && hasIdentity(comment)) return say(tr('board.commentIdentity'));
    const { name, args, produce, description } = isDelregional
      ? {
          name: STATISTICS_FILES.delregional,
          args: { period: text('period'), format: text('format') },
          produce: delregional,
          description: tr('delregional.title', { period: text('period') }),
        }
      : {
          name: STATISTICS_FILES.boardReport,
          args: { year: text('year'), org: text('org'), format: text('format'), ...(leadComment(turn, comment) ? { comment } : {}) },
          produce: board,
          description: tr('board.title', { year: text('year') }),
        };
    const file = await produce(turn, args);
    if (!file) return say(tr('action.unknown'));
    return offer(turn, name, args, file, description);
  };
}

export function produceDelregionalReport(
  deps: ExportDeps,
): (turn: Turn, args: Record<string, string>) => Promise<ProducedFile | undefined> {
  return (turn, args) => delregionalFile(deps, turn, String(args['period'] ?? ''), String(args['format'] ?? ''));
}
