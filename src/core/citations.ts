// The documents the rules cite, by the names users know them by: reference data keeps the seed
// file names (000_… to 004_…) so a rule can be traced; nothing a user sees shows them.
const DOCUMENTS: Record<string, { sv: string; en: string }> = {
  '000': {
    sv: 'arbetsgruppen för avvikelser mellan vårdgivare (2025-04-14)',
    en: 'the working group on deviations between care providers (2025-04-14)',
  },
  '001': { sv: 'VVG:s mötesanteckning (2022-03-10)', en: 'the VVG meeting notes (2022-03-10)' },
  '002': { sv: 'VGR:s handbok för avtalsuppföljning', en: 'the VGR handbook for contract follow-up' },
  '003': { sv: 'Region Hallands uppföljning av primärvården (2018)', en: 'Region Halland’s primary care follow-up (2018)' },
  '004': {
    sv: 'förstudien om länsgemensamma indikatorer för god och nära vård (2026)',
    en: 'the pre-study on county-wide indicators for good and close care (2026)',
  },
};

/** A text with every seed reference (e.g. "003_…") replaced by the document's name. */
export function cited(text: string, locale: 'sv' | 'en'): string {
  return text.replace(/\b(00[0-4])_(?:…|\.\.\.|[0-9a-f]{16}(?:\.txt)?)/g, (m, n: string) => DOCUMENTS[n]?.[locale] ?? m);
}
