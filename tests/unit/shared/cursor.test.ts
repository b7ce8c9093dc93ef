import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareByActivity,
  decodeActivityCursor,
  encodeActivityCursor,
  isAfterCursor,
  pageOf,
  type ActivityKey,
} from '#shared/logic/cursor.ts';
import { formatUuidV7 } from '#shared/logic/ids.ts';

const id = (n: number) => formatUuidV7(n, new Uint8Array(10).fill(n % 256));

describe('activity cursor', () => {
  it('round-trips', () => {
    const key = { lastMessageAt: 1_760_000_000_123, id: id(5) };
    expect(decodeActivityCursor(encodeActivityCursor(key))).toEqual(key);
  });

  it.each([
    '',
    'abc',
    '12.',
    '.x',
    `-1.${id(1)}`,
    '1.ABCDEF00-0000-7000-8000-00000000000A',
    `1.${id(1)};drop`,
    '9'.repeat(16) + '.' + id(1),
  ])('rejects %j', (bad) => {
    expect(decodeActivityCursor(bad)).toBeNull();
  });

  it('refuses times past year 9999, which databases cannot store', () => {
    expect(decodeActivityCursor(`253402300799999.${id(1)}`)).not.toBeNull();
    expect(decodeActivityCursor(`253402300800000.${id(1)}`)).toBeNull();
  });

  it('orders newest first, then by id descending', () => {
    const a = { lastMessageAt: 2, id: id(1) };
    const b = { lastMessageAt: 1, id: id(2) };
    const c = { lastMessageAt: 1, id: id(3) };
    expect([b, a, c].sort(compareByActivity)).toEqual([a, c, b]);
  });

  it('paging with pageOf and isAfterCursor visits every row exactly once, in order', () => {
    const rowArb = fc.record({
      lastMessageAt: fc.integer({ min: 0, max: 50 }),
      n: fc.integer({ min: 0, max: 1e6 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(rowArb, { selector: (r) => r.n, maxLength: 120 }),
        fc.integer({ min: 1, max: 17 }),
        (raw, limit) => {
          const rows: ActivityKey[] = raw
            .map((r) => ({ lastMessageAt: r.lastMessageAt, id: id(r.n) }))
            .sort(compareByActivity);
          const seen: ActivityKey[] = [];
          let cursor: string | null = null;
          let guard = 0;
          do {
            const after: ActivityKey | null = cursor ? decodeActivityCursor(cursor) : null;
            const remaining = after ? rows.filter((r) => isAfterCursor(r, after)) : rows;
            const page: { items: ActivityKey[]; nextCursor: string | null } = pageOf(
              remaining.slice(0, limit + 1),
              limit,
            );
            seen.push(...page.items);
            cursor = page.nextCursor;
            if (++guard > 1000) throw new Error('paging did not terminate');
          } while (cursor);
          expect(seen).toEqual(rows);
        },
      ),
    );
  });

  it('has no next cursor on the last page', () => {
    const rows = [{ lastMessageAt: 3, id: id(1) }];
    expect(pageOf(rows, 1).nextCursor).toBeNull();
    expect(pageOf([...rows, { lastMessageAt: 2, id: id(2) }], 1).nextCursor).toBe(
      encodeActivityCursor(rows[0]!),
    );
  });
});
