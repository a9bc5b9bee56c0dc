// Text matching the way people type in Teams: case, å/ä/ö and extra spaces do not matter.
export function fold(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * If `text` starts with one of `words` (whole words), returns the rest, trimmed but with its
 * line breaks kept (a pasted CSV follows its command); else undefined.
 */
export function matchCommand(text: string, words: readonly string[]): string | undefined {
  const source = text.normalize('NFC').trimStart();
  for (const w of words) {
    const n = fold(w).split(' ').length;
    const head = source.match(new RegExp(`^(\\S+(?:[ \\t]+\\S+){${n - 1}})(?=\\s|$)`));
    if (head && fold(head[1]!) === fold(w)) return source.slice(head[1]!.length).trim();
  }
  return undefined;
}
