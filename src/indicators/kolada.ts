// Kolada's open API v3 (`/v3/data/kpi/{kpi}/municipality/{ids}/year/{years}`): a response maps
// onto one catalogue indicator. Municipality codes become providers (their municipalityCode),
// 0014 (Västra Götalandsregionen) the county; only the total (gender T) is used. A missing or
// secret value stays missing: it is never turned into 0. The bot does not call the network:
// the response is saved to a file and imported (README, "Indicator values").
import { z } from 'zod/v4';
import type { Reference } from '../core/refdata.js';
import type { CsvRow, Rejected } from './csv.js';
import { COUNTY, validPeriod, type Indicator } from './model.js';

const KoladaValue = z.object({
  gender: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
  value: z.number().nullable().optional(),
  count: z.number().optional(),
});
const KoladaResponse = z.object({
  values: z.array(
    z.object({
      kpi: z.string(),
      municipality: z.string(),
      period: z.union([z.number().int(), z.string()]),
      values: z.array(KoladaValue),
    }),
  ),
});

const VGR_REGION_CODE = '0014';

export function mapKolada(json: unknown, kpi: string, ind: Indicator, ref: Reference): { rows: CsvRow[]; rejected: Rejected[] } {
  const parsed = KoladaResponse.safeParse(json);
  if (!parsed.success)
    return { rows: [], rejected: [{ line: 0, reason: 'kolada.notV3', vars: { path: parsed.error.issues[0]?.path.join('.') ?? '' } }] };
  const byCode = new Map(ref.providers.filter((p) => p.municipalityCode).map((p) => [p.municipalityCode!, p.id]));
  const rows: CsvRow[] = [];
  const rejected: Rejected[] = [];
  parsed.data.values.forEach((entry, i) => {
    if (entry.kpi !== kpi) return rejected.push({ line: i, reason: 'kolada.otherKpi', vars: { kpi: entry.kpi } });
    const org = entry.municipality === VGR_REGION_CODE ? COUNTY : byCode.get(entry.municipality);
    if (!org) return rejected.push({ line: i, reason: 'kolada.unknownCode', vars: { code: entry.municipality } });
    const period = String(entry.period);
    if (!validPeriod(ind.periodType, period))
      return rejected.push({ line: i, reason: `csv.period.${ind.periodType}`, vars: { value: period } });
    const total = entry.values.find((v) => (v.gender ?? 'T') === 'T');
    const missing =
      !total ||
      total.value === null ||
      total.value === undefined ||
      (total.status !== null && total.status !== undefined && total.status !== '');
    rows.push({ line: i, indicator: ind.id, org, period, value: missing ? null : total.value! });
  });
  return { rows, rejected };
}
