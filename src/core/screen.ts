// Patient identity screening for free text (Patientdatalagen/GDPR): Swedish personal identity
// numbers and coordination numbers are caught before anything is stored or logged. Every free
// text any capability stores is parsed with FreeText (below), so the rule lives here once.
// A valid date with a valid Luhn check digit is refused; a date-shaped number that fails the
// Luhn check is a warning the reporter must confirm (it may be a typo of a real number).

import { z } from 'zod/v4';

export type IdentityFinding = { kind: 'block' | 'warn'; match: string };

// Forms: YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN; between date and
// serial a dash, plus, dot or space (spaces around it too); the date's pairs may be set apart by
// one space or dot each (the same), the serial's by one space; never inside a longer digit run.
// Not a dash inside the date: an ISO date followed by a time is not a number.
const CANDIDATE = /(?<![\d])((?:19|20)?\d{2})([ .]?)(\d{2})\2(\d{2}) ?[-+. ]? ?(\d{2}) ?(\d{2})(?![\d])/g;

/** Characters that show nothing: removed before screening (a number split by one still counts). */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/g;
/** Every dash and minus sign: read as a hyphen. */
const DASHES = /[\p{Pd}\u2212]/gu;
/** Every space, however wide or unbreakable, and runs of them: read as one space. */
const SPACES = /[\s\p{Zs}]+/gu;

/**
 * The text as screening reads it: compatibility forms folded (full-width digits, NFKC), nothing
 * invisible, one kind of dash and of space. What is stored is the text as written.
 */
function forScreening(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '').replace(DASHES, '-').replace(SPACES, ' ');
}

export function luhnValid(tenDigits: string): boolean {
  let sum = 0;
  for (let i = 0; i < tenDigits.length; i++) {
    let d = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
    if (d > 9) d -= 9;
    sum += d;
  }
  return sum % 10 === 0;
}

function validDate(yearDigits: string, month: number, day: number): boolean {
  if (month < 1 || month > 12) return false;
  // Samordningsnummer: day + 60.
  const realDay = day > 60 ? day - 60 : day;
  if (realDay < 1) return false;
  // With two-digit years, assume a leap year is possible (29 Feb valid) to stay on the safe side.
  const year = yearDigits.length === 4 ? Number(yearDigits) : 2000;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return realDay <= daysInMonth;
}

export function screenIdentity(text: string): IdentityFinding[] {
  const findings: IdentityFinding[] = [];
  for (const m of forScreening(text).matchAll(CANDIDATE)) {
    const [whole, year, , mm, dd, serial1, serial2] = m as unknown as string[] as [string, string, string, string, string, string, string];
    if (!validDate(year, Number(mm), Number(dd))) continue;
    const ten = `${year.slice(-2)}${mm}${dd}${serial1}${serial2}`;
    findings.push({ kind: luhnValid(ten) ? 'block' : 'warn', match: whole });
  }
  return findings;
}

/** True when the text holds anything that looks like a personnummer or samordningsnummer. */
export function hasIdentity(text: string): boolean {
  return screenIdentity(text).length > 0;
}

/** The zod issue message a refused text carries: a catalogue key, shown next to the field. */
const IDENTITY_ISSUE = 'field.identity';

/**
 * Free text from a user that will be stored: trimmed, at most `max` characters, and refused
 * when it holds an identity number (valid or date-shaped: officers confirm nothing here).
 */
export function FreeText(max: number) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((s) => !hasIdentity(s), { message: IDENTITY_ISSUE });
}
