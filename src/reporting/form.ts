// The deviation form's server-side validation: every submit is parsed here with zod against the
// reference data. On failure it returns the user's input (to re-render the same card) and one
// message key per bad field; nothing is stored.
import { z } from 'zod/v4';
import { RecordId } from '../core/ids.js';
import {
  Consequence,
  Dialogue,
  CaseKind,
  direction,
  NOT_KNOWN,
  OTHER_PROVIDER,
  ReporterRole,
  Severity,
  type Report,
} from '../cases/model.js';
import { addDays, swedishDate, swedishTime } from '../core/clock.js';
import type { MessageKey } from '../core/i18n/index.js';
import type { Reference } from '../core/refdata.js';
import { screenIdentity } from '../core/screen.js';

export const FIELDS = [
  'kind',
  'eventDate',
  'eventTime',
  'reporterUnit',
  'reporterRole',
  'receiver',
  'otherReceiver',
  'category',
  'cause',
  'agreement',
  'consequence',
  'severity',
  'description',
  'immediateAction',
  'dialogue',
  'medControlId',
] as const;
type Field = (typeof FIELDS)[number];
export type FormValues = Partial<Record<Field, string>>;
export type FieldErrors = Partial<Record<Field | 'identityConfirmed', MessageKey>>;

const LIMITS = { description: 2000, immediateAction: 1000, medControlId: 40, otherReceiver: 120 } as const;
const FREE_TEXT: Field[] = ['description', 'immediateAction', 'medControlId', 'otherReceiver'];
/** How far back an event date may go (the form is for recent events; older ones go to the team). */
export const MAX_AGE_DAYS = 366;

/** The envelope every form submit carries besides the fields. */
const Envelope = z.object({
  formId: RecordId,
  identityConfirmed: z.enum(['true', 'false']).optional(),
});

/** Keeps what the user typed (as strings, capped) so the card can come back unchanged. */
function keepValues(data: unknown): FormValues {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const f of FIELDS) {
    const v = raw[f];
    if (typeof v === 'string') values[f] = v.slice(0, 5000);
    else if (typeof v === 'number' || typeof v === 'boolean') values[f] = String(v);
  }
  return values;
}

export type FormResult =
  | { ok: true; formId: string; report: Report; values: FormValues }
  | { ok: false; formId: string | undefined; values: FormValues; errors: FieldErrors; fatal?: MessageKey };

/** Reads one submit field by field, keeping the first message for each bad field. */
class FormReader {
  readonly errors: FieldErrors = {};
  constructor(
    readonly values: FormValues,
    raw: Record<string, unknown>,
  ) {
    // Card inputs always send text: anything else is a forged or broken submit.
    for (const f of FIELDS) if (raw[f] !== undefined && raw[f] !== null && typeof raw[f] !== 'string') this.fail(f, 'form.error.type');
  }
  fail(f: Field, key: MessageKey): void {
    this.errors[f] ??= key;
  }
  trimmed(f: Field): string {
    return this.values[f]?.trim() ?? '';
  }
  required(f: Field): string {
    if (!this.trimmed(f)) this.fail(f, 'form.error.required');
    return this.trimmed(f);
  }
  oneOf(f: Field, ids: readonly string[], optional = false): string {
    const v = optional ? this.trimmed(f) : this.required(f);
    if (v && !ids.includes(v)) this.fail(f, 'form.error.unknownChoice');
    return v;
  }
  /** A classification the reporter may leave to the first assessment: empty or "vet ej". */
  unlessNotKnown(f: Field, ids: readonly string[]): string {
    return this.trimmed(f) === NOT_KNOWN ? '' : this.oneOf(f, ids, true);
  }
}

const validDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) &&
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;

/** When it happened: a real date, not in the future, at most a year back; a time if given, not later today. */
function readWhen(r: FormReader, now: Date) {
  const today = swedishDate(now);
  const eventDate = r.required('eventDate');
  if (eventDate) {
    if (!validDate(eventDate)) r.fail('eventDate', 'form.error.date');
    else if (eventDate > today) r.fail('eventDate', 'form.error.futureDate');
    else if (eventDate < addDays(today, -MAX_AGE_DAYS)) r.fail('eventDate', 'form.error.oldDate');
  }
  const eventTime = r.trimmed('eventTime');
  if (eventTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(eventTime)) r.fail('eventTime', 'form.error.time');
  else if (eventTime && eventDate === today && eventTime > swedishTime(now)) r.fail('eventTime', 'form.error.futureTime');
  return { eventDate, eventTime };
}

/** Who and what: two different providers (the receiver may be one the register lacks), and choices from the reference lists. */
function readClassification(r: FormReader, ref: Reference) {
  const providerIds = ref.providers.map((p) => p.id);
  const reporterUnit = r.oneOf('reporterUnit', providerIds);
  const receiver = r.oneOf('receiver', [...providerIds, OTHER_PROVIDER]);
  if (reporterUnit && receiver && reporterUnit === receiver) r.fail('receiver', 'form.error.sameProvider');
  // Annan vårdgivare: its name is wanted; a name beside a provider of the list is not kept.
  const otherReceiver = receiver === OTHER_PROVIDER ? r.trimmed('otherReceiver') : '';
  if (receiver === OTHER_PROVIDER && otherReceiver.length < 2) r.fail('otherReceiver', 'form.error.otherReceiver');
  return {
    kind: r.oneOf('kind', CaseKind.options),
    reporterUnit,
    receiver,
    otherReceiver,
    category: r.oneOf(
      'category',
      ref.categories.map((c) => c.id),
    ),
    cause: r.unlessNotKnown(
      'cause',
      ref.causes.map((c) => c.id),
    ),
    agreement: r.oneOf(
      'agreement',
      ref.agreements.map((a) => a.id),
      true,
    ),
    consequence: r.unlessNotKnown('consequence', Consequence.options),
    severity: r.unlessNotKnown('severity', Severity.options),
    dialogue: r.oneOf('dialogue', Dialogue.options),
    reporterRole: r.oneOf('reporterRole', ReporterRole.options, true),
  };
}

/** The free texts: present, long enough, not too long, and never an identity number. */
function readTexts(r: FormReader, identityConfirmed: boolean) {
  const description = r.required('description');
  const immediateAction = r.required('immediateAction');
  const medControlId = r.trimmed('medControlId');
  if (description && description.length < 10) r.fail('description', 'form.error.tooShort');
  for (const f of ['description', 'immediateAction', 'medControlId', 'otherReceiver'] as const)
    if (r.trimmed(f).length > LIMITS[f]) r.fail(f, 'form.error.tooLong');
  if (medControlId && !/^[A-Za-z0-9][A-Za-z0-9 _./-]*$/.test(medControlId)) r.fail('medControlId', 'form.error.medControl');
  // Identity screening on every free-text field, before anything is stored or logged.
  let warned = false;
  for (const f of FREE_TEXT) {
    const findings = screenIdentity(r.values[f] ?? '');
    if (findings.some((x) => x.kind === 'block')) r.errors[f] = 'form.error.personnummer';
    else if (findings.length) {
      warned = true;
      if (!identityConfirmed) r.fail(f, 'form.error.personnummerWarning');
    }
  }
  if (warned && !identityConfirmed) r.errors.identityConfirmed = 'form.error.confirmIdentity';
  return { description, immediateAction, medControlId };
}

/** Parses a submit of the deviation form against the reference data and the time now. */
export function parseReportForm(data: unknown, ref: Reference, now: Date): FormResult {
  const values = keepValues(data);
  const envelope = Envelope.safeParse(data);
  if (!envelope.success) return { ok: false, formId: undefined, values, errors: {}, fatal: 'form.error.forged' };
  const { formId } = envelope.data;
  const r = new FormReader(values, data as Record<string, unknown>);
  const when = readWhen(r, now);
  const c = readClassification(r, ref);
  const texts = readTexts(r, envelope.data.identityConfirmed === 'true');
  if (Object.keys(r.errors).length > 0) return { ok: false, formId, values, errors: r.errors };
  const report: Report = {
    kind: c.kind as Report['kind'],
    eventDate: when.eventDate,
    eventTime: when.eventTime || undefined,
    reporterUnit: c.reporterUnit,
    reporterRole: (c.reporterRole || undefined) as Report['reporterRole'],
    receiver: c.receiver,
    otherReceiver: c.otherReceiver || undefined,
    direction: direction(ref.provider(c.reporterUnit)!, ref.provider(c.receiver)),
    category: c.category,
    cause: c.cause || undefined,
    agreement: c.agreement || undefined,
    consequence: (c.consequence || undefined) as Report['consequence'],
    severity: c.severity ? Number(c.severity) : undefined,
    description: texts.description,
    immediateAction: texts.immediateAction,
    dialogue: c.dialogue as Report['dialogue'],
    medControlId: texts.medControlId || undefined,
  };
  return { ok: true, formId, report, values };
}
