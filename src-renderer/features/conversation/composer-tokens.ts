/**
 * What the agent is typing at the caret that the composer can complete: `@name` (a mention, in
 * notes) or `/shortcut` at the start of a line (a canned response). Pure, for testing.
 */
export type CaretToken = { kind: 'mention' | 'canned'; query: string; start: number } | null;

export function tokenAtCaret(text: string, caret: number): CaretToken {
  const before = text.slice(0, caret);
  const mention = /(^|\s)@([\p{L}\p{N}._-]{0,30})$/u.exec(before);
  if (mention)
    return { kind: 'mention', query: mention[2]!, start: caret - mention[2]!.length - 1 };
  const canned = /(^|\n)\/([a-z0-9_-]{0,32})$/.exec(before);
  if (canned) return { kind: 'canned', query: canned[2]!, start: caret - canned[2]!.length - 1 };
  return null;
}

/** Replaces the token at [start, caret) with `insert`; returns the new text and caret. */
export function replaceToken(text: string, start: number, caret: number, insert: string) {
  return { text: text.slice(0, start) + insert + text.slice(caret), caret: start + insert.length };
}

/** The agents still mentioned: those whose `@Name` is still in the text when it is sent. */
export function mentionedIds(text: string, picked: ReadonlyMap<string, string>): string[] {
  return [...picked].filter(([, name]) => text.includes(`@${name}`)).map(([id]) => id);
}
