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
 * Routes a message to the command whose word the text starts with, as whole words, the longest
 * word first (`importera vårdgivare` before a command `importera`, in whatever order the
 * capabilities list them), then in the order given; returns it with the rest of the text, trimmed but with its
 * line breaks kept (a pasted CSV follows its command). The words are folded once, here; a
 * message folds its first one to three words once, not once per command word.
 */
export function commandRouter<T>(
  commands: readonly { words: readonly string[]; value: T }[],
): (text: string) => { value: T; args: string } | undefined {
  const table = commands
    .flatMap(({ words, value }) =>
      words.map((word) => {
        const folded = fold(word);
        return { folded, n: folded.split(' ').length, value };
      }),
    )
    .sort((a, b) => b.n - a.n);
  const most = Math.max(1, ...table.map((w) => w.n));
  const heads = Array.from({ length: most }, (_, i) => new RegExp(`^(\\S+(?:[ \\t]+\\S+){${i}})(?=\\s|$)`));
  return (text) => {
    const source = text.normalize('NFC').trimStart();
    const found = heads.map((pattern) => {
      const head = source.match(pattern)?.[1];
      return head === undefined ? undefined : { raw: head, folded: fold(head) };
    });
    for (const word of table) {
      const head = found[word.n - 1];
      if (head?.folded === word.folded) return { value: word.value, args: source.slice(head.raw.length).trim() };
    }
    return undefined;
  };
}
