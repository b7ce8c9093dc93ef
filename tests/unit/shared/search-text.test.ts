import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  emailTokens,
  foldText,
  looksLikePhone,
  matchRanges,
  MAX_QUERY_TERMS,
  MAX_TOKEN_LENGTH,
  MAX_TOKENS_PER_RECORD,
  parseQuery,
  phoneTokens,
  snippet,
  tokenize,
} from '#shared/logic/search-text.ts';

/** What the index promises: every query term is a prefix of some token of the text. */
const finds = (text: string, query: string) => {
  const tokens = tokenize(text);
  const terms = parseQuery(query);
  return terms.length > 0 && terms.every((t) => tokens.some((w) => w.startsWith(t)));
};

describe('foldText', () => {
  it('folds case, width and diacritics', () => {
    expect(foldText('Café Ｒｅｆｕｎｄ ÅNGSTRÖM')).toBe('cafe refund angstrom');
    expect(foldText('Straße')).toBe('strasse');
    expect(foldText('ΟΔΥΣΣΕΥΣ')).toBe(foldText('οδυσσευς'));
    expect(foldText('İstanbul')).toBe('istanbul');
  });

  it('drops Arabic harakat and tatweel, Hebrew niqqud and invisible characters', () => {
    expect(foldText('مَرْحَبًا')).toBe('مرحبا');
    expect(foldText('مـــرحبا')).toBe('مرحبا');
    expect(foldText('שָׁלוֹם')).toBe('שלום');
    expect(foldText('pa\u200bss\u00adword\u202e')).toBe('password');
  });

  it('keeps Hangul syllables composed', () => {
    expect(foldText('환불')).toBe('환불');
  });
});

describe('tokenize', () => {
  it('splits on anything that is not a letter or digit and skips one-letter words', () => {
    expect(tokenize('Refund for order #A-1234, please!')).toEqual([
      'refund',
      'for',
      'order',
      '1234',
      'please',
    ]);
  });

  it('indexes unspaced scripts as bigrams plus the last character', () => {
    expect(tokenize('東京都')).toEqual(['東京', '京都', '都']);
    expect(tokenize('返金')).toEqual(['返金', '金']);
    expect(tokenize('iPhoneを買った')).toEqual(['iphone', 'を買', '買っ', 'った', 'た']);
  });

  it('finds words in many scripts by prefix', () => {
    expect(finds('Ich möchte eine Rückerstattung', 'ruckers')).toBe(true);
    expect(finds('Ich möchte eine Rückerstattung', 'RÜCK')).toBe(true);
    expect(finds('أريد استرداد المبلغ', 'استرد')).toBe(true);
    expect(finds('Θέλω επιστροφή χρημάτων', 'επιστρ')).toBe(true);
    expect(finds('Хочу вернуть деньги', 'верн день')).toBe(true);
    expect(finds('注文した商品が届きません', '商品')).toBe(true);
    expect(finds('注文した商品が届きません', '届きま')).toBe(true);
    expect(finds('注文した商品が届きません', '品')).toBe(true);
    expect(finds('我想退款', '退款')).toBe(true);
    expect(finds('환불 요청합니다', '환')).toBe(true);
    expect(finds('ขอคืนเงิน', 'คืน')).toBe(true);
    expect(finds('order refund', 'refu ord')).toBe(true);
    expect(finds('order refund', 'refu xyz')).toBe(false);
    expect(finds('東京', '京都')).toBe(false);
  });

  it('bounds hostile input: long words, many words, lone surrogates', () => {
    const long = tokenize('x'.repeat(100_000));
    expect(long).toEqual(['x'.repeat(MAX_TOKEN_LENGTH)]);
    const many = tokenize(Array.from({ length: 5_000 }, (_, i) => `w${i}`).join(' '));
    expect(many).toHaveLength(MAX_TOKENS_PER_RECORD);
    expect(tokenize('\ud800abc\udfff')).toEqual(['abc']);
    // A cut never leaves half a surrogate pair behind.
    const astral = tokenize('a'.repeat(MAX_TOKEN_LENGTH - 1) + '𐌰𐌰');
    expect(astral[0]).toBe('a'.repeat(MAX_TOKEN_LENGTH - 1));
    expect(tokenize('', null, undefined, '   \n\t', '<script>alert(1)</script>')).toEqual([
      'script',
      'alert',
    ]);
  });

  it('always finds any word of a text by any prefix of two or more characters', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), { maxLength: 8 }),
        (words) => {
          const text = words.join(' ');
          for (const token of tokenize(text)) {
            const prefix = token.slice(0, Math.max(2, Math.floor(token.length / 2)));
            const terms = parseQuery(prefix);
            if (!terms.length) continue;
            const tokens = tokenize(text);
            expect(terms.every((t) => tokens.some((w) => w.startsWith(t)))).toBe(true);
          }
        },
      ),
    );
  });
});

describe('parseQuery', () => {
  it('keeps the longer of two terms where one is a prefix of the other', () => {
    expect(parseQuery('ord  order Refu')).toEqual(['order', 'refu']);
  });

  it('drops one-letter terms, punctuation and operators', () => {
    expect(parseQuery('a " OR * - ( )')).toEqual(['or']);
    expect(parseQuery('   ')).toEqual([]);
    expect(parseQuery('%_\\')).toEqual([]);
  });

  it('caps the number of terms and the input it reads', () => {
    const q = Array.from(
      { length: 50 },
      (_, i) => `term${String.fromCharCode(97 + (i % 26))}${i}`,
    ).join(' ');
    expect(parseQuery(q)).toHaveLength(MAX_QUERY_TERMS);
    expect(parseQuery('z'.repeat(1_000_000))).toEqual(['z'.repeat(MAX_TOKEN_LENGTH)]);
  });

  it('turns an unspaced query into bigrams', () => {
    expect(parseQuery('東京都')).toEqual(['東京', '京都']);
    expect(parseQuery('京')).toEqual(['京']);
  });
});

describe('phones and emails', () => {
  it('indexes the whole digit string and every suffix of four or more digits', () => {
    expect(phoneTokens('+1 (555) 010-0199')).toEqual([
      '15550100199',
      '5550100199',
      '550100199',
      '50100199',
      '0100199',
      '100199',
      '00199',
      '0199',
    ]);
    expect(phoneTokens('n/a')).toEqual([]);
    expect(phoneTokens(null)).toEqual([]);
    expect(phoneTokens('١٢٣٤٥٦')).toEqual([]); // Arabic-Indic digits are not \d: no phone
  });

  it('recognises phone-like queries', () => {
    expect(looksLikePhone('555-0100')).toBe(true);
    expect(looksLikePhone('+44 (20) 7946')).toBe(true);
    expect(looksLikePhone('12')).toBe(false);
    expect(looksLikePhone('order 5550')).toBe(false);
  });

  it('indexes an email whole and by its words', () => {
    expect(emailTokens(' Ada.Lovelace@Example.COM ')).toEqual([
      'ada.lovelace@example.com',
      'ada',
      'lovelace',
      'example',
      'com',
    ]);
    expect(emailTokens('')).toEqual([]);
  });
});

describe('highlighting', () => {
  it('marks the matched start of each word in the original text', () => {
    const text = 'Refunds: the ORDER was refused';
    const ranges = matchRanges(text, parseQuery('refu ord'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Refu', 'ORD', 'refu']);
  });

  it('maps folded matches back onto accented and unspaced text', () => {
    const text = 'Rückerstattung für 東京都';
    const ranges = matchRanges(text, parseQuery('ruck 京都'));
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Rück', '京都']);
  });

  it('cuts an excerpt around the first match with ranges relative to it', () => {
    const text = `${'lorem ipsum '.repeat(40)}\n\nwhere is my refund?\n${'dolor '.repeat(40)}`;
    const s = snippet(text, parseQuery('refund'), 80);
    expect(s.text.startsWith('…')).toBe(true);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.text.length).toBeLessThanOrEqual(82);
    expect(s.ranges.map(([a, b]) => s.text.slice(a, b))).toEqual(['refund']);
  });

  it('returns the text unmarked when nothing matches', () => {
    expect(snippet('hello world', ['zz'])).toEqual({ text: 'hello world', ranges: [] });
  });
});
