import { PromptlyError } from '#shared/logic/ack.ts';
import {
  connection,
  validateAndApply,
  validateAndApplyCarried,
  validateAndStoreSnapshot,
} from './page-applier.ts';

/** Worker entry: applies pulled pages and carried changes off the UI thread (see page-applier.ts). */
interface Request {
  id: number;
  kind: 'pull' | 'snapshot' | 'carried';
  dbName: string;
  raw: unknown;
  now: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (event) => {
  const { id, kind, dbName, raw, now } = event.data;
  const db = connection(dbName);
  const work =
    kind === 'snapshot'
      ? validateAndStoreSnapshot(db, raw, now)
      : kind === 'carried'
        ? validateAndApplyCarried(db, Array.isArray(raw) ? raw : [], now)
        : validateAndApply(db, raw, now);
  work.then(
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
