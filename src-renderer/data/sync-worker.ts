import { PromptlyError } from '#shared/logic/ack.ts';
import {
  connection,
  validateAndApply,
  validateAndApplyCarried,
  type WorkerRequest,
} from './page-applier.ts';
import { indexSearchBacklog, type ChunkResult } from './search-backlog.ts';
import { bootstrapSnapshot, type HubSession } from './snapshot-bootstrap.ts';

/**
 * Worker entry: fetches and stores the bootstrap snapshot, builds its search index, and applies
 * pulled pages and carried changes, all off the UI thread (see page-applier.ts).
 */
const scope = self as unknown as {
  onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(m: unknown): void;
};

/** One indexing run per database: a second request joins it. */
const indexing = new Map<string, Promise<ChunkResult>>();
function indexSearch(dbName: string): Promise<ChunkResult> {
  let run = indexing.get(dbName);
  if (!run) {
    run = indexSearchBacklog(connection(dbName, 'relaxed')).finally(() => indexing.delete(dbName));
    indexing.set(dbName, run);
  }
  return run;
}

function work(request: WorkerRequest): Promise<unknown> {
  const { kind, dbName, raw, now } = request;
  switch (kind) {
    case 'bootstrap':
      return bootstrapSnapshot({
        pages: connection(dbName, 'relaxed'),
        last: connection(dbName),
        hub: raw as HubSession,
        now,
      });
    case 'index':
      return indexSearch(dbName);
    case 'carried':
      return validateAndApplyCarried(connection(dbName), Array.isArray(raw) ? raw : [], now);
    case 'pull':
      return validateAndApply(connection(dbName), raw, now);
  }
}

scope.onmessage = (event) => {
  const { id } = event.data;
  work(event.data).then(
    (value) => scope.postMessage({ id, ok: true, value }),
    (error: unknown) =>
      scope.postMessage({
        id,
        ok: false,
        code: error instanceof PromptlyError ? error.code : 'internal',
        message: error instanceof Error ? error.message : String(error),
      }),
  );
};
