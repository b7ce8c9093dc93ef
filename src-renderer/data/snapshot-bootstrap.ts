import { API_PREFIX } from '#shared/contracts/http.ts';
import { SyncSnapshotPage } from '#shared/contracts/socket.ts';
import { HttpErrorBody, PromptlyError } from '#shared/logic/ack.ts';
import { applySnapshotPage } from './apply-changes.ts';
import type { PromptlyDb } from './db.ts';

export interface HubSession {
  hubUrl: string;
  token: string;
}

export interface BootstrapDeps {
  /**
   * Takes every page but the last. It may be a relaxed-durability connection: snapshot pages are
   * idempotent puts and the cursor is written only with the last page, so a page lost to a crash
   * before it reached the disk costs nothing but a new bootstrap (no cursor: start again).
   */
  pages: PromptlyDb;
  /**
   * Takes the last page, with the cursor: a strict connection. Its flush also puts every earlier,
   * relaxed page on disk (the store's log is written in order), so a stored cursor always means
   * that every page before it is stored too.
   */
  last: PromptlyDb;
  hub: HubSession;
  now: number;
  stopped?: () => boolean;
  fetch?: typeof fetch;
}

/** One snapshot page over HTTP, parsed and checked here: in the sync worker, off the UI thread. */
export async function fetchSnapshotPage(
  hub: HubSession,
  page: string | undefined,
  doFetch: typeof fetch = fetch,
): Promise<SyncSnapshotPage> {
  const url = new URL(`${API_PREFIX}/sync/snapshot`, hub.hubUrl);
  if (page !== undefined) url.searchParams.set('page', page);
  let response: Response;
  try {
    response = await doFetch(url, { headers: { authorization: `Bearer ${hub.token}` } });
  } catch {
    throw new PromptlyError('unavailable', 'Cannot reach the hub. Check your connection.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = HttpErrorBody.safeParse(body);
    if (error.success) throw new PromptlyError(error.data.error.code, error.data.error.message);
    throw new PromptlyError('internal', `The hub answered ${response.status}.`);
  }
  const parsed = SyncSnapshotPage.safeParse(body);
  if (!parsed.success)
    throw new PromptlyError('internal', 'The hub sent a snapshot page this desktop cannot read.');
  return parsed.data;
}

/**
 * Pulls the whole snapshot into IndexedDB and returns the cursor to follow the log from (0 when
 * stopped first). Pipelined: the next page is fetched and parsed while this one is stored, so the
 * hub's reading and the browser's writing overlap instead of taking turns.
 */
export async function bootstrapSnapshot(deps: BootstrapDeps): Promise<number> {
  const get = (page: string | undefined) => {
    const pending = fetchSnapshotPage(deps.hub, page, deps.fetch);
    // Awaited later; until then a failure must not count as unhandled.
    pending.catch(() => undefined);
    return pending;
  };
  let next = get(undefined);
  for (let first = true; ; first = false) {
    const page = await next;
    if (page.nextPage !== null) next = get(page.nextPage);
    const db = page.nextPage === null ? deps.last : deps.pages;
    await applySnapshotPage(db, page, deps.now, { first });
    if (page.nextPage === null) return page.cursor;
    if (deps.stopped?.()) return 0;
  }
}
