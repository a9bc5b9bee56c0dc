// Reference data shipped as versioned JSON under data/reference: providers, organisation,
// classification lists and the escalation ladder. Validated by zod at start; a bad file
// stops the bot with the file and field named.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod/v4';
import type { Locale } from './i18n/index.js';
import { Role } from './roles.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: små bokstäver, siffror och bindestreck');
const Text = z.object({ sv: z.string().min(1), en: z.string().min(1) });

const ProviderKind = z.enum(['kommun', 'region', 'privat']);
export const ContractForm = z.enum(['lou', 'lol-lof', 'vardval-vardcentral', 'vardval-rehab', 'iop']);
type ProviderKind = z.infer<typeof ProviderKind>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'datum ÅÅÅÅ-MM-DD');

export const Provider = z.object({
  id: Id,
  /** The provider's HSA-id where it has one (the region's register names it so). */
  hsaId: z
    .string()
    .regex(/^SE\d{10}-[A-Za-z0-9]{1,20}$/, 'HSA-id: SE, tio siffror, bindestreck och tecken')
    .optional(),
  name: z.string().min(1),
  shortName: z.string().min(1),
  kind: ProviderKind,
  kommunalforbund: Id.optional(),
  delregion: Id.optional(),
  /** A unit of a larger provider (Alingsås lasarett of Sjukhusen i Väster). */
  partOf: Id.optional(),
  /**
   * The form of the region's contract with a private provider (002_… kapitel 2): what puts it on
   * the contract follow-up's ladders. IOP is not followed up; no contract, no contract ladder.
   */
  contract: ContractForm.optional(),
  /** The contract area the board report counts by (002_… §2.3: "Översikt avseende [avtalsområde]"). */
  contractArea: z.string().min(2).max(80).optional(),
  /** When the contract began and ended: contracts at the period's start and end (002_… §2.3). */
  contractFrom: Day.optional(),
  contractTo: Day.optional(),
  /** The day the provider left the region's register: kept so its cases keep its name. */
  retired: Day.optional(),
  municipalityCode: z
    .string()
    .regex(/^\d{4}$/)
    .optional(),
});
export type Provider = z.infer<typeof Provider>;

const ProvidersFile = z.object({ version: z.literal(1), source: z.string().optional(), providers: z.array(Provider).min(1) });
const OrganisationFile = z.object({
  version: z.literal(1),
  delregions: z.array(z.object({ id: Id, name: z.string() })),
  kommunalforbund: z.array(z.object({ id: Id, name: z.string() })),
});

const ListItem = z.object({ id: Id, sv: z.string().min(1), en: z.string().min(1), hint: Text.optional() });
type ListItem = z.infer<typeof ListItem>;
const CategoriesFile = z.object({ version: z.literal(1), categories: z.array(ListItem).min(1) });
const CausesFile = z.object({ version: z.literal(1), causes: z.array(ListItem).min(1) });
const AgreementsFile = z.object({ version: z.literal(1), agreements: z.array(ListItem) });

/** A step's id: contract ladders 0–5 (002_…), the collaboration ladder s1–s4 (000_…); ids order each ladder. */
export const STEP = '(?:[0-5][ab]?|s[1-9])';
export const STEP_ID = new RegExp(`^${STEP}$`);

export const LadderStep = z.object({
  id: z.string().regex(STEP_ID),
  name: Text,
  description: Text,
  decidedBy: Id,
  requiresContactNote: z.boolean(),
  boardDecision: z.boolean(),
  /** The step follows up what was agreed (2b, s2): its outcome is recorded. */
  requiresOutcome: z.boolean().optional(),
  /** Where the rule comes from (the seed document and section). */
  source: z.string(),
});
export type LadderStep = z.infer<typeof LadderStep>;
const TrackId = z.enum(['lopande', 'fordjupad', 'samverkan']);

const Measure = z.object({
  id: Id,
  name: Text,
  decidedBy: Id,
  final: z.boolean(),
  contract: z.boolean().optional(),
  /** The ladders the measure belongs to (no anmodan or contract measure on the collaboration ladder). */
  tracks: z.array(TrackId).min(1),
});
export type Measure = z.infer<typeof Measure>;

const LadderFile = z
  .object({
    version: z.literal(3),
    source: z.string(),
    /** Who decides, and which roles may record that decision in the bot. */
    deciders: z.array(
      z.object({
        id: Id,
        sv: z.string(),
        en: z.string(),
        recordedBy: z.array(Role).min(1),
        boardDecision: z.boolean(),
        /** The decision is recorded with the date it was taken (e.g. the head of department's). */
        decisionDate: z.boolean().optional(),
      }),
    ),
    /** The two ladders of 002_… and the collaboration ladder of 000_…: each a list of steps, in order. */
    tracks: z
      .array(
        z.object({
          id: TrackId,
          sv: z.string(),
          en: z.string(),
          steps: z.array(z.string()).min(1),
          source: z.string(),
          /** A ladder of the contract follow-up (002_…); the collaboration ladder is not. */
          contract: z.boolean(),
          /** Not decided yet (000_… is a working group's draft): shown as such. */
          draft: z.boolean().optional(),
          /** The steps before a final measure on this ladder (else prerequisitesForFinalMeasures). */
          finalAfter: z.array(z.string()).optional(),
        }),
      )
      .length(3),
    /** Handing a case over to deep follow-up: who decides, who is told. */
    handover: z.object({ decidedBy: Id, informs: z.array(Role), source: z.string() }),
    /** The measure strategy step, and who is told of it. */
    strategy: z.object({ step: z.string(), informs: z.array(Role), source: z.string() }),
    steps: z.array(LadderStep).min(1),
    prerequisitesForFinalMeasures: z.array(z.string()),
    prerequisitesSource: z.string(),
    /** Contract measures (hävning, sanktion och vite, återkrav) apply only to these provider kinds. */
    /** Contract follow-up (its two ladders, its measures, the light): these kinds, with a contract form not listed as not followed up. */
    contractMeasures: z.object({ providerKinds: z.array(ProviderKind), notFollowedUp: z.array(ContractForm), source: z.string() }),
    measures: z.array(Measure),
    measuresSource: z.string(),
    /** The provider assessment: how far back "recently" reaches (a local setting). */
    lights: z.object({ windowMonths: z.number().int().min(1).max(60), source: z.string() }),
    /** Steps that set a follow-up date, and the step that follows them up. */
    followUps: z.record(
      z.string(),
      z.object({
        kind: z.enum(['handlingsplan', 'anmodan', 'kontrollplan']),
        minMonths: z.number().int().positive().optional(),
        maxMonths: z.number().int().positive().optional(),
        followedUpBy: z.string(),
        /** The step names who acts for the receiver (2a, s1). */
        contactPerson: z.boolean().optional(),
      }),
    ),
  })
  .superRefine((l, ctx) => {
    const deciders = new Set(l.deciders.map((d) => d.id));
    const steps = new Set(l.steps.map((s) => s.id));
    for (const s of [...l.steps, ...l.measures, l.handover]) {
      if (!deciders.has(s.decidedBy)) ctx.addIssue({ code: 'custom', message: `okänd beslutsfattare ${s.decidedBy}` });
    }
    const named = [...l.prerequisitesForFinalMeasures, ...l.tracks.flatMap((t) => [...t.steps, ...(t.finalAfter ?? [])]), l.strategy.step];
    for (const p of [...named, ...Object.keys(l.followUps), ...Object.values(l.followUps).map((f) => f.followedUpBy)]) {
      if (!steps.has(p)) ctx.addIssue({ code: 'custom', message: `okänt steg ${p}` });
    }
  });
export type Ladder = z.infer<typeof LadderFile>;

export class ReferenceError extends Error {}

function uniqueIds(file: string, items: { id: string }[]): void {
  const seen = new Set<string>();
  for (const i of items) {
    if (seen.has(i.id)) throw new ReferenceError(`${file}: id "${i.id}" förekommer två gånger`);
    seen.add(i.id);
  }
}

/** Reads one reference file and parses it with its schema; errors name the file and field. */
export async function readReferenceFile<S extends z.ZodType>(dir: string, file: string, schema: S): Promise<z.infer<S>> {
  const where = path.join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(where, 'utf8'));
  } catch (e) {
    throw new ReferenceError(`${where}: kan inte läsas som JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new ReferenceError(`${where}: ${i?.path.join('.') || '(roten)'}: ${i?.message}`);
  }
  return parsed.data;
}

export interface Reference {
  /** The providers in the register now (a report may name these). */
  readonly providers: readonly Provider[];
  /** Any provider the bot has known, the retired too (an old case still names its receiver). */
  provider(id: string): Provider | undefined;
  /** The register: replaced whole by an import (admin/register.ts), on every instance. */
  readonly register: ProviderRegister;
  delregions: { id: string; name: string }[];
  kommunalforbund: { id: string; name: string }[];
  categories: ListItem[];
  causes: ListItem[];
  agreements: ListItem[];
  ladder: Ladder;
  answers: AnswerPolicy;
}

const Days = z.number().int().min(1).max(365);
const RuleName = z.object({ sv: z.string().min(1), en: z.string().min(1) });

/**
 * How the receiving provider answers (answers.json): the answer's deadline in days and whose rule
 * it is, by agreement area, else by the delregion's routine, else by the receiver's kind, else
 * the region's default (answers/policy.ts).
 */
const AnswersFile = z.object({
  version: z.literal(1),
  source: z.string().min(1),
  defaultDays: Days,
  defaultRule: RuleName,
  agreementRule: RuleName,
  /** A delregion's own routine (Göteborgsområdet: 60 days), with its name. */
  byDelregion: z.record(Id, RuleName.extend({ days: Days })).default({}),
  byProviderKind: z.partialRecord(ProviderKind, z.number().int().min(1).max(365)).default({}),
  byAgreement: z.record(Id, z.number().int().min(1).max(365)).default({}),
  /** Whether the receiver sees the reporter's name (off: the reporting unit only). */
  showReporterName: z.boolean(),
  /** Measures an investigation may plan (one row each on the form). */
  maxMeasures: z.number().int().min(1).max(8),
});
type AnswerPolicy = z.infer<typeof AnswersFile>;

export async function loadReference(dir: string): Promise<Reference> {
  const [p, o, c, ca, a, l, ans] = await Promise.all([
    readReferenceFile(dir, 'providers.json', ProvidersFile),
    readReferenceFile(dir, 'organisation.json', OrganisationFile),
    readReferenceFile(dir, 'categories.json', CategoriesFile),
    readReferenceFile(dir, 'causes.json', CausesFile),
    readReferenceFile(dir, 'agreements.json', AgreementsFile),
    readReferenceFile(dir, 'ladder.json', LadderFile),
    readReferenceFile(dir, 'answers.json', AnswersFile),
  ]);
  uniqueIds('providers.json', p.providers);
  uniqueIds('categories.json', c.categories);
  uniqueIds('causes.json', ca.causes);
  uniqueIds('ladder.json steps', l.steps);
  const delregions = new Set(o.delregions.map((d) => d.id));
  for (const pr of p.providers) {
    if (pr.delregion && !delregions.has(pr.delregion)) {
      throw new ReferenceError(`providers.json: ${pr.id} har okänd delregion ${pr.delregion}`);
    }
  }
  const register = new ProviderRegister(p.providers);
  return {
    get providers() {
      return register.active;
    },
    provider: (id) => register.get(id),
    register,
    delregions: o.delregions,
    kommunalforbund: o.kommunalforbund,
    categories: c.categories,
    causes: ca.causes,
    agreements: a.agreements,
    ladder: l,
    answers: ans,
  };
}

/**
 * The providers the bot knows: the shipped catalogue until the region's register is imported,
 * then that register, with every provider that left it kept as retired (its cases name it).
 * `generation` rises on each replacement, so what is derived from the list knows when to derive again.
 */
class ProviderRegister {
  private byId: Map<string, Provider>;
  active: readonly Provider[];
  all: readonly Provider[];
  generation = 0;

  constructor(providers: readonly Provider[]) {
    this.active = providers.filter((p) => !p.retired);
    this.all = providers;
    this.byId = new Map(providers.map((p) => [p.id, p]));
  }

  get(id: string): Provider | undefined {
    return this.byId.get(id);
  }

  /** Takes the imported list (retired ones included) as the register. */
  replace(providers: readonly Provider[]): void {
    this.all = providers;
    this.active = providers.filter((p) => !p.retired);
    this.byId = new Map(providers.map((p) => [p.id, p]));
    this.generation++;
  }

  /** Something derived from the whole list (retired included), derived again after a replacement. */
  derived<R>(of: (all: readonly Provider[]) => R): () => R {
    let at = -1;
    let value: R;
    return () => {
      if (at !== this.generation) [value, at] = [of(this.all), this.generation];
      return value;
    };
  }
}

export function label(item: { sv: string; en: string }, locale: Locale): string {
  return item[locale];
}

/** The label of the item with this id in a reference list (a category, a cause), else the id itself. */
export function labelOf(list: readonly { id: string; sv: string; en: string }[], id: string, locale: Locale): string {
  const item = list.find((x) => x.id === id);
  return item ? label(item, locale) : id;
}
