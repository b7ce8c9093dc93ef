/**
 * Text normalization for offline search: the same folding runs when a record is indexed and when
 * a query is parsed, so a query matches exactly what the index holds. Pure and runtime-neutral.
 *
 * Rules: lowercase, compatibility-decomposed with combining marks removed (café → cafe, Ｒｅｆｕｎｄ →
 * refund, Arabic harakat and Hebrew niqqud dropped), invisible format characters removed (so a
 * zero-width space cannot split or hide a word), words are runs of letters and digits in any script.
 * Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) are indexed as overlapping
 * character bigrams plus the run's last character, so any substring of 1–2 characters, and any
 * longer one as an AND of its bigrams, can be found without a word dictionary.
 */

/** Longer tokens are cut: a hostile 100 kB "word" must not become a 100 kB index key. */
export const MAX_TOKEN_LENGTH = 32;
/** Distinct tokens kept per record: bounds the index writes a single huge message can cost. */
export const MAX_TOKENS_PER_RECORD = 600;
/** Terms kept from one query. */
export const MAX_QUERY_TERMS = 8;

const MARKS = /\p{M}/gu;
// Format characters (zero-width space/joiners, bidi controls, soft hyphen) and the Arabic tatweel,
// which only stretches a word.
const IGNORABLE = /[\p{Cf}\u0640]/gu;
const RUN = /[\p{L}\p{N}]+/gu;
const UNSPACED =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]/u;
const UNSPACED_SPLIT =
  /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]+)/u;
// A Hangul syllable is a whole syllable, not a letter: one alone is a meaningful word or query.
const SYLLABLE = /^\p{sc=Hangul}$/u;
const NON_ASCII = /[^\t\n\r\x20-\x7e]/;

/** Folds text for comparison (case, width, diacritics, invisible characters). */
export function foldText(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return (
    text
      .normalize('NFKD')
      .replace(MARKS, '')
      .replace(IGNORABLE, '')
      .toLowerCase()
      .replace(/ß/g, 'ss')
      .replace(/ς/g, 'σ')
      // Recomposes what NFKD split but is not a mark (Hangul syllables), keeping keys short.
      .normalize('NFC')
  );
}

function cut(token: string): string {
  if (token.length <= MAX_TOKEN_LENGTH) return token;
  let end = MAX_TOKEN_LENGTH;
  // Never leave half of a surrogate pair at the end of a key.
  const last = token.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return token.slice(0, end);
}

/** Emits the tokens of one folded run of letters and digits. */
function runTokens(run: string, emit: (token: string) => void, forQuery: boolean) {
  if (!UNSPACED.test(run)) {
    if (run.length > 1 || SYLLABLE.test(run)) emit(cut(run));
    return;
  }
  for (const part of run.split(UNSPACED_SPLIT)) {
    if (!part) continue;
    if (!UNSPACED.test(part)) {
      if (part.length > 1 || SYLLABLE.test(part)) emit(cut(part));
      continue;
    }
    const chars = Array.from(part);
    if (chars.length === 1) {
      emit(chars[0]!);
      continue;
    }
    for (let i = 0; i + 1 < chars.length; i++) emit(chars[i]! + chars[i + 1]!);
    // The last character alone, so a one-character query finds a run that ends with it.
    if (!forQuery) emit(chars[chars.length - 1]!);
  }
}

/** The distinct index tokens of a record's texts, in order of first appearance, capped. */
export function tokenize(...texts: ReadonlyArray<string | null | undefined>): string[] {
  const seen = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const m of foldText(text).matchAll(RUN)) {
      runTokens(m[0], (t) => seen.add(t), false);
      if (seen.size >= MAX_TOKENS_PER_RECORD) return [...seen].slice(0, MAX_TOKENS_PER_RECORD);
    }
  }
  return [...seen];
}

/**
 * A query as a list of prefixes that must all match (AND). A term that is a prefix of another term
 * adds nothing and is dropped ("ord order" is "order"); one-letter terms outside unspaced scripts
 * are dropped too, because they are not indexed and would match nearly everything.
 */
export function parseQuery(input: string): string[] {
  const terms = new Set<string>();
  for (const m of foldText(input.slice(0, 1_000)).matchAll(RUN))
    runTokens(m[0], (t) => terms.add(t), true);
  const list = [...terms];
  const kept = list.filter(
    (t, i) => !list.some((o, j) => j !== i && o.length > t.length && o.startsWith(t)),
  );
  return kept.slice(0, MAX_QUERY_TERMS);
}

/** A phone number as its digits, the form phones are indexed and queried in. */
export function phoneDigits(raw: string): string {
  return foldText(raw).replace(/\D/g, '');
}

/** True when the input reads as (part of) a phone number: digits and phone punctuation only. */
export function looksLikePhone(input: string): boolean {
  return /^[\d\s()+./-]+$/.test(input.trim()) && phoneDigits(input).length >= 3;
}

/** Shortest phone suffix that is indexed: shorter ones would match half the customer list. */
export const MIN_PHONE_SUFFIX = 4;

/**
 * Index tokens for a phone: its full digit string (prefix search) and every suffix of at least
 * MIN_PHONE_SUFFIX digits, so "0100" or "5550100" finds "+1 (555) 555-0100".
 */
export function phoneTokens(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const digits = phoneDigits(raw).slice(0, 20);
  if (digits.length < 3) return [];
  const out = [digits];
  for (let i = 1; digits.length - i >= MIN_PHONE_SUFFIX; i++) out.push(digits.slice(i));
  return out;
}

/** Index tokens for an email address: the whole address (lowercased) and its words. */
export function emailTokens(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const whole = cut(foldText(raw.trim()));
  return whole ? [whole, ...tokenize(raw)] : [];
}

export interface Highlighted {
  text: string;
  /** [start, end) ranges of `text` that matched a query term, ascending and disjoint. */
  ranges: Array<[number, number]>;
}

const WORD = /[\p{L}\p{N}\p{M}\p{Cf}\u0640]+/gu;

/** Ranges of `text` matching the query terms: the matched start of a word, or the matched bigram. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (!terms.length) return ranges;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const at = m.index;
    if (UNSPACED.test(word)) {
      const chars = Array.from(word);
      let offset = at;
      for (let i = 0; i < chars.length; i++) {
        const one = foldText(chars[i]!);
        const two = i + 1 < chars.length ? foldText(chars[i]! + chars[i + 1]!) : null;
        const end = offset + chars[i]!.length;
        if (two && terms.includes(two)) ranges.push([offset, end + chars[i + 1]!.length]);
        else if (terms.includes(one)) ranges.push([offset, end]);
        offset = end;
      }
      continue;
    }
    const folded = foldText(word);
    const term = terms.find((t) => folded.startsWith(t));
    if (!term) continue;
    // The shortest start of the original word whose folded form covers the term.
    let end = at + word.length;
    for (let k = 1; k <= word.length; k++) {
      if (foldText(word.slice(0, k)).length >= term.length) {
        end = at + k;
        break;
      }
    }
    ranges.push([at, end]);
  }
  return merge(ranges);
}

function merge(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/**
 * A short excerpt of `text` around its first match, with the matched ranges relative to the
 * excerpt. Whitespace runs collapse so a multi-line email reads as one line.
 */
export function snippet(text: string, terms: readonly string[], width = 140): Highlighted {
  const flat = text.replace(/\s+/g, ' ').trim();
  const all = matchRanges(flat, terms);
  const first = all[0]?.[0] ?? 0;
  let start = Math.max(0, first - Math.floor(width / 3));
  // Start at a word boundary when one is close, rather than mid-word.
  if (start > 0) {
    const space = flat.indexOf(' ', start);
    if (space !== -1 && space < first) start = space + 1;
  }
  const end = Math.min(flat.length, start + width);
  const prefix = start > 0 ? '…' : '';
  const suffix = end < flat.length ? '…' : '';
  const shift = prefix.length - start;
  const ranges = all
    .filter(([s, e]) => e > start && s < end)
    .map(([s, e]): [number, number] => [Math.max(s, start) + shift, Math.min(e, end) + shift]);
  return { text: prefix + flat.slice(start, end) + suffix, ranges };
}
