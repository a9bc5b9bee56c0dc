// The deviation form's server-side validation: every submit is parsed here with zod against the
// reference data. On failure it returns the user's input (to re-render the same card) and one
// message key per bad field; nothing is stored.
import { z } from 'zod/v4';
import { Consequence, Dialogue, CaseKind, type Direction, type Report } from '../cases/model.js';
import { addDays } from '../core/clock.js';
import type { MessageKey } from '../core/i18n/index.js';
import type { Provider, Reference } from '../core/refdata.js';
import { screenIdentity } from './identity.js';

export const FIELDS = [
  'kind',
  'eventDate',
  'eventTime',
  'reporterUnit',
  'receiver',
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
export type Field = (typeof FIELDS)[number];
export type FormValues = Partial<Record<Field, string>>;
export type FieldErrors = Partial<Record<Field | 'identityConfirmed', MessageKey>>;

export const LIMITS = { description: 2000, immediateAction: 1000, medControlId: 40 } as const;
const FREE_TEXT: Field[] = ['description', 'immediateAction', 'medControlId'];
/** How far back an event date may go (the form is for recent events; older ones go to the team). */
const MAX_AGE_DAYS = 366;

/** The envelope every form submit carries besides the fields. */
const Envelope = z.object({
  formId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
  identityConfirmed: z.enum(['true', 'false']).optional(),
});

/** Keeps what the user typed (as strings, capped) so the card can come back unchanged. */
export function keepValues(data: unknown): FormValues {
  const raw = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const values: FormValues = {};
  for (const f of FIELDS) {
    const v = raw[f];
    if (typeof v === 'string') values[f] = v.slice(0, 5000);
    else if (typeof v === 'number' || typeof v === 'boolean') values[f] = String(v);
  }
  return values;
}

export function direction(from: Provider, to: Provider): Direction {
  if (from.kind === 'privat' || to.kind === 'privat') return 'privat';
  return `${from.kind}-${to.kind}` as Direction;
}

export type FormResult =
  | { ok: true; formId: string; report: Report; values: FormValues }
  | { ok: false; formId: string | undefined; values: FormValues; errors: FieldErrors; fatal?: MessageKey };

/** Parses a submit of the deviation form against the reference data and today's date. */
export function parseReportForm(data: unknown, ref: Reference, today: string): FormResult {
  const values = keepValues(data);
  const envelope = Envelope.safeParse(data);
  if (!envelope.success) return { ok: false, formId: undefined, values, errors: {}, fatal: 'form.error.forged' };
  const { formId } = envelope.data;
  const errors: FieldErrors = {};
  const fail = (f: Field, key: MessageKey) => {
    errors[f] ??= key;
  };
  const trimmed = (f: Field) => values[f]?.trim() ?? '';
  // Card inputs always send text: anything else is a forged or broken submit.
  const raw = data as Record<string, unknown>;
  for (const f of FIELDS) {
    if (raw[f] !== undefined && raw[f] !== null && typeof raw[f] !== 'string') fail(f, 'form.error.type');
  }
  const required = (f: Field) => {
    if (!trimmed(f)) fail(f, 'form.error.required');
    return trimmed(f);
  };
  const oneOf = (f: Field, ids: readonly string[], optional = false) => {
    const v = optional ? trimmed(f) : required(f);
    if (v && !ids.includes(v)) fail(f, 'form.error.unknownChoice');
    return v;
  };

  const kind = oneOf('kind', CaseKind.options);
  const eventDate = required('eventDate');
  if (eventDate) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(eventDate) || Number.isNaN(Date.parse(`${eventDate}T00:00:00Z`)) || new Date(`${eventDate}T00:00:00Z`).toISOString().slice(0, 10) !== eventDate) {
      fail('eventDate', 'form.error.date');
    } else if (eventDate > today) fail('eventDate', 'form.error.futureDate');
    else if (eventDate < addDays(today, -MAX_AGE_DAYS)) fail('eventDate', 'form.error.oldDate');
  }
  const eventTime = trimmed('eventTime');
  if (eventTime && !/^([01]\d|2[0-3]):[0-5]\d$/.test(eventTime)) fail('eventTime', 'form.error.time');

  const providerIds = ref.providers.map((p) => p.id);
  const reporterUnit = oneOf('reporterUnit', providerIds);
  const receiver = oneOf('receiver', providerIds);
  if (reporterUnit && receiver && reporterUnit === receiver) fail('receiver', 'form.error.sameProvider');
  const category = oneOf('category', ref.categories.map((c) => c.id));
  const cause = oneOf('cause', ref.causes.map((c) => c.id));
  const agreement = oneOf('agreement', ref.agreements.map((a) => a.id), true);
  const consequence = oneOf('consequence', Consequence.options);
  const severity = oneOf('severity', ['1', '2', '3', '4']);
  const dialogue = oneOf('dialogue', Dialogue.options);

  const description = required('description');
  const immediateAction = required('immediateAction');
  const medControlId = trimmed('medControlId');
  if (description && description.length < 10) fail('description', 'form.error.tooShort');
  for (const f of ['description', 'immediateAction', 'medControlId'] as const) {
    if (trimmed(f).length > LIMITS[f]) fail(f, 'form.error.tooLong');
  }
  if (medControlId && !/^[A-Za-z0-9][A-Za-z0-9 _./-]*$/.test(medControlId)) fail('medControlId', 'form.error.medControl');

  // Identity screening on every free-text field, before anything is stored or logged.
  let warned = false;
  for (const f of FREE_TEXT) {
    const findings = screenIdentity(values[f] ?? '');
    if (findings.some((x) => x.kind === 'block')) errors[f] = 'form.error.personnummer';
    else if (findings.length) {
      warned = true;
      if (envelope.data.identityConfirmed !== 'true') fail(f, 'form.error.personnummerWarning');
    }
  }
  if (warned && envelope.data.identityConfirmed !== 'true') errors.identityConfirmed = 'form.error.confirmIdentity';

  if (Object.keys(errors).length > 0) return { ok: false, formId, values, errors };
  const from = ref.provider(reporterUnit)!;
  const to = ref.provider(receiver)!;
  const report: Report = {
    kind: kind as Report['kind'],
    eventDate,
    eventTime: eventTime || undefined,
    reporterUnit,
    receiver,
    direction: direction(from, to),
    category,
    cause,
    agreement: agreement || undefined,
    consequence: consequence as Report['consequence'],
    severity: Number(severity),
    description,
    immediateAction,
    dialogue: dialogue as Report['dialogue'],
    medControlId: medControlId || undefined,
  };
  return { ok: true, formId, report, values };
}
