// The region's provider register as the follow-up team keeps it in Excel (issue 31.2): one row
// a provider or a unit of one, `;` or `,` between fields. Every row is checked; one bad row
// refuses the whole file, each fault named by its line, so a half-read register never counts.
import { csvTable } from '../core/csv.js';
import type { MessageKey } from '../core/i18n/index.js';
import { Provider, type Reference } from '../core/refdata.js';
import { hasIdentity } from '../core/screen.js';
import { fold } from '../core/text.js';

/** The columns by the names the register's header may give them (folded: case and å/ä/ö aside). */
const COLUMNS = {
  id: ['id'],
  hsaId: ['hsa-id', 'hsaid', 'hsa id'],
  name: ['namn', 'name'],
  shortName: ['kortnamn', 'short name'],
  kind: ['typ', 'kind'],
  contract: ['avtalsform', 'contract form'],
  contractArea: ['avtalsomrade', 'contract area'],
  delregion: ['delregion', 'subregion'],
  kommunalforbund: ['kommunalforbund'],
  partOf: ['del av', 'part of'],
  municipalityCode: ['kommunkod', 'municipality code'],
  contractFrom: ['avtal fran', 'contract from'],
  contractTo: ['avtal till', 'contract to'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['name', 'kind'];

/** The contract forms by the names people write them ("LOL/LOF", "Vårdval Vårdcentral"). */
const CONTRACT_NAMES: Record<string, NonNullable<Provider['contract']>> = {
  lou: 'lou',
  'lol-lof': 'lol-lof',
  'lol/lof': 'lol-lof',
  'lol och lof': 'lol-lof',
  lol: 'lol-lof',
  lof: 'lol-lof',
  'vardval-vardcentral': 'vardval-vardcentral',
  'vardval vardcentral': 'vardval-vardcentral',
  'vardval-rehab': 'vardval-rehab',
  'vardval rehab': 'vardval-rehab',
  iop: 'iop',
};

/** A fault on a line: a catalogue message and what it names. */
interface RegisterFault {
  line: number;
  reason: MessageKey;
  vars?: Record<string, string>;
}

export type RegisterParse = { ok: true; providers: Provider[] } | { ok: false; faults: RegisterFault[] };

/** An id from a name, when the register has none: "Capio Ortopedi Göteborg" → capio-ortopedi-goteborg. */
const slug = (name: string) =>
  fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

/** The lookups a row is checked against. */
interface Known {
  /** Ids by HSA-id in the register before: a provider keeps its id. */
  byHsa: ReadonlyMap<string, string>;
  delregions: ReadonlySet<string>;
  forbund: ReadonlySet<string>;
}

type Row = { provider: Provider } | { reason: MessageKey; vars?: Record<string, string> };

/** One row as a provider, or the first fault in it. */
function readRow(get: (c: Column) => string, known: Known): Row {
  const name = get('name');
  if ([name, get('shortName'), get('contractArea')].some(hasIdentity)) return { reason: 'register.error.identity' };
  const contractText = fold(get('contract'));
  const contract = contractText ? CONTRACT_NAMES[contractText] : undefined;
  if (contractText && !contract) return { reason: 'register.error.contract', vars: { value: get('contract').slice(0, 40) } };
  const hsaId = get('hsaId') || undefined;
  const draft = {
    id: get('id') || (hsaId && known.byHsa.get(hsaId)) || slug(get('shortName') || name),
    hsaId,
    name,
    shortName: get('shortName') || name,
    kind: fold(get('kind')),
    contract,
    contractArea: get('contractArea') || undefined,
    delregion: get('delregion') ? fold(get('delregion')) : undefined,
    kommunalforbund: get('kommunalforbund') ? fold(get('kommunalforbund')) : undefined,
    partOf: get('partOf') || undefined,
    municipalityCode: get('municipalityCode') || undefined,
    contractFrom: get('contractFrom') || undefined,
    contractTo: get('contractTo') || undefined,
  };
  const parsed = Provider.safeParse(Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    const column = String(parsed.error.issues[0]!.path[0] ?? '');
    return {
      reason: 'register.error.field',
      vars: { column: columnName(column), value: String(draft[column as keyof typeof draft] ?? '').slice(0, 40) },
    };
  }
  const p = parsed.data;
  if (p.contract && p.kind !== 'privat') return { reason: 'register.error.contractKind', vars: { name: p.shortName } };
  if (p.delregion && !known.delregions.has(p.delregion)) return { reason: 'register.error.delregion', vars: { value: p.delregion } };
  if (p.kommunalforbund && !known.forbund.has(p.kommunalforbund))
    return { reason: 'register.error.kommunalforbund', vars: { value: p.kommunalforbund } };
  if (p.contractFrom && p.contractTo && p.contractTo < p.contractFrom)
    return { reason: 'register.error.dates', vars: { name: p.shortName } };
  return { provider: p };
}

/** Reads and checks the register; ids already known keep their provider (matched by HSA-id, then id). */
export function parseRegister(text: string, ref: Pick<Reference, 'register' | 'delregions' | 'kommunalforbund'>): RegisterParse {
  const table = csvTable(text, fold);
  if (!table || table.rows.length === 0) return { ok: false, faults: [{ line: 1, reason: 'register.error.empty' }] };
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, names]) => [k, table.columns.findIndex((c) => (names as readonly string[]).includes(c))]),
  ) as Record<Column, number>;
  const missing = REQUIRED.filter((c) => at[c] < 0);
  if (missing.length) {
    const columns = missing.map((c) => COLUMNS[c][0]).join(', ');
    return { ok: false, faults: [{ line: table.headerLine, reason: 'register.error.columns', vars: { columns } }] };
  }
  const known: Known = {
    byHsa: new Map(ref.register.all.filter((p) => p.hsaId).map((p) => [p.hsaId!, p.id])),
    delregions: new Set(ref.delregions.map((d) => d.id)),
    forbund: new Set(ref.kommunalforbund.map((k) => k.id)),
  };
  const faults: RegisterFault[] = [];
  const rows: { line: number; provider: Provider }[] = [];
  for (const { line, fields } of table.rows) {
    const row = readRow((c) => (at[c] >= 0 ? (fields[at[c]] ?? '').trim() : ''), known);
    if ('provider' in row) rows.push({ line, provider: row.provider });
    else faults.push({ line, ...row });
  }
  faults.push(...crossRowFaults(rows));
  if (faults.length) return { ok: false, faults: faults.sort((a, b) => a.line - b.line) };
  return { ok: true, providers: rows.map((r) => r.provider) };
}

/** The column's name as the register's header writes it (for a fault's message). */
const columnName = (field: string) => (field in COLUMNS ? COLUMNS[field as Column][0] : field);

/** Ids and HSA-ids once each; a unit's provider in the file and not itself a unit. */
function crossRowFaults(rows: readonly { line: number; provider: Provider }[]): RegisterFault[] {
  const faults: RegisterFault[] = [];
  const firstLine = new Map<string, number>();
  const byId = new Map(rows.map((r) => [r.provider.id, r.provider]));
  for (const { line, provider: p } of rows) {
    for (const key of [`id:${p.id}`, ...(p.hsaId ? [`hsa:${p.hsaId}`] : [])]) {
      const first = firstLine.get(key);
      if (first !== undefined)
        faults.push({ line, reason: 'register.error.duplicate', vars: { value: key.slice(key.indexOf(':') + 1), first: String(first) } });
      else firstLine.set(key, line);
    }
    if (!p.partOf) continue;
    const parent = byId.get(p.partOf);
    if (!parent || parent.id === p.id) faults.push({ line, reason: 'register.error.partOf', vars: { value: p.partOf } });
    else if (parent.partOf) faults.push({ line, reason: 'register.error.nested', vars: { value: p.partOf } });
  }
  return faults;
}

/** What an import changes against the register before it. */
export interface RegisterChange {
  providers: Provider[];
  added: string[];
  changed: string[];
  /** Left the register now: kept, marked retired, so their cases keep their names. */
  retired: string[];
}

/**
 * The imported register over the one before: every provider of the file, and every provider
 * the file no longer lists kept as retired from today (or from when it first left).
 */
export function mergeRegister(before: readonly Provider[], imported: readonly Provider[], today: string): RegisterChange {
  const old = new Map(before.map((p) => [p.id, p]));
  const now = new Set(imported.map((p) => p.id));
  const same = (a: Provider, b: Provider) => JSON.stringify(a) === JSON.stringify(b);
  const leaving = before.filter((p) => !now.has(p.id));
  return {
    providers: [...imported, ...leaving.map((p) => ({ ...p, retired: p.retired ?? today }))],
    added: imported.filter((p) => !old.has(p.id)).map((p) => p.id),
    changed: imported.filter((p) => old.has(p.id) && !same(old.get(p.id)!, p)).map((p) => p.id),
    retired: leaving.filter((p) => !p.retired).map((p) => p.id),
  };
}
