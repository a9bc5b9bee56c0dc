// The identity numbers tests push into the bot: hard-coded and checked with an independent
// Luhn (test/fixtures/identity-numbers.json), each in every way people write them.
import { readFileSync } from 'node:fs';

interface Entry {
  yyyymmdd: string;
  last4: string;
  wrongLast4: string;
  samordningsnummer: boolean;
}

export const IDENTITY_NUMBERS: Entry[] = (JSON.parse(readFileSync('test/fixtures/identity-numbers.json', 'utf8')) as { numbers: Entry[] })
  .numbers;

/** The written forms: with and without century, dash, plus (100 years or older), space, none. */
export function writtenForms(e: Pick<Entry, 'yyyymmdd'>, last4: string): string[] {
  const short = e.yyyymmdd.slice(2);
  return [
    `${short}-${last4}`,
    `${short}+${last4}`,
    `${short}${last4}`,
    `${e.yyyymmdd}-${last4}`,
    `${e.yyyymmdd}${last4}`,
    `${short} ${last4}`,
    `${e.yyyymmdd} ${last4}`,
  ];
}

/** Every valid number in every written form. */
export const VALID_FORMS: string[] = IDENTITY_NUMBERS.flatMap((e) => writtenForms(e, e.last4));

/** The forms any of the numbers may be found in afterwards (the digits as one run, too). */
export const FINGERPRINTS: string[] = [...new Set([...VALID_FORMS, ...IDENTITY_NUMBERS.map((e) => `${e.yyyymmdd.slice(2)}${e.last4}`)])];
