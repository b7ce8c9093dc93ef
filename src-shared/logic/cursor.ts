/**
 * Keyset pagination for conversation lists ordered by latest activity, newest first, ties broken by
 * id. A cursor names the last row of a page; the next page starts strictly after it, so rows that
 * arrive while a client pages never shift it into duplicates or gaps the way OFFSET would.
 */
export interface ActivityKey {
  lastMessageAt: number;
  id: string;
}

export const CONVERSATION_CURSOR_PATTERN =
  /^(\d{1,15})\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeActivityCursor(key: ActivityKey): string {
  return `${Math.trunc(key.lastMessageAt)}.${key.id}`;
}

/** 9999-12-31T23:59:59.999Z: the last instant every database and Date implementation agree on. */
export const MAX_TIME_MS = 253_402_300_799_999;

export function decodeActivityCursor(cursor: string): ActivityKey | null {
  const m = CONVERSATION_CURSOR_PATTERN.exec(cursor);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const lastMessageAt = Number(m[1]);
  if (lastMessageAt > MAX_TIME_MS) return null;
  return { lastMessageAt, id: m[2] };
}

/** Newest activity first; the same total order the hub's SQL uses. */
export function compareByActivity(a: ActivityKey, b: ActivityKey): number {
  if (a.lastMessageAt !== b.lastMessageAt) return b.lastMessageAt - a.lastMessageAt;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** True when `row` comes strictly after `cursor` in activity order. */
export function isAfterCursor(row: ActivityKey, cursor: ActivityKey): boolean {
  return compareByActivity(cursor, row) < 0;
}

/**
 * Cuts one page out of rows already in activity order. The next cursor is null on the last page.
 * Callers fetch `limit + 1` rows so "is there more" costs no second query.
 */
export function pageOf<T extends ActivityKey>(
  rowsPlusOne: readonly T[],
  limit: number,
): { items: T[]; nextCursor: string | null } {
  const items = rowsPlusOne.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor = rowsPlusOne.length > limit && last ? encodeActivityCursor(last) : null;
  return { items, nextCursor };
}
