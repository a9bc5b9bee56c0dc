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
 * A matcher for a command's words: if `text` starts with one of them (whole words), it returns
 * the rest, trimmed but with its line breaks kept (a pasted CSV follows its command); else
 * undefined. The words are folded and their patterns built once, when a route is registered.
 */
export function commandMatcher(words: readonly string[]): (text: string) => string | undefined {
  const compiled = words.map((word) => {
    const folded = fold(word);
    return { folded, head: new RegExp(`^(\\S+(?:[ \\t]+\\S+){${folded.split(' ').length - 1}})(?=\\s|$)`) };
  });
  return (text) => {
    const source = text.normalize('NFC').trimStart();
    for (const { folded, head: pattern } of compiled) {
      const head = source.match(pattern);
      if (head && fold(head[1]!) === folded) return source.slice(head[1]!.length).trim();
    }
    return undefined;
  };
}
