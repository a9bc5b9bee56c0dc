// Text matching the way people type in Teams: case, å/ä/ö and extra spaces do not matter.
export function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** If `text` starts with one of `words` (whole words), returns the rest; else undefined. */
export function matchCommand(text: string, words: readonly string[]): string | undefined {
  const folded = fold(text);
  for (const w of words) {
    const fw = fold(w);
    if (folded === fw) return '';
    if (folded.startsWith(`${fw} `)) return text.trim().replace(/\s+/g, ' ').slice(fw.length).trim();
  }
  return undefined;
}
