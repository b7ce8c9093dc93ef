import { PromptlyError } from '#shared/logic/ack.ts';
import { connection, validateAndApply } from './page-applier.ts';

/** Worker entry: applies pulled pages off the UI thread (see page-applier.ts). */
interface Request {
  id: number;
  dbName: string;
  raw: unknown;
  now: number;
}

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Request>) => void) | null;
  postMessage(m: unknown): void;
};

scope.onmessage = (event) => {
  const { id, dbName, raw, now } = event.data;
  validateAndApply(connection(dbName), raw, now).then(
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
