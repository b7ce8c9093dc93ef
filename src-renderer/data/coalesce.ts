/**
 * Runs `work` with at most one run in flight: a trigger that arrives mid-run asks for exactly one
 * more run afterwards, however many arrive. Pulls and outbox flushes are driven by bursts of
 * events (pokes, reconnects, new rows), and each run reads its own starting point from storage,
 * so one extra run covers every trigger that came in meanwhile.
 */
export function coalesced(
  work: () => Promise<void>,
  opts: { stopped: () => boolean; onError: (error: unknown) => void },
) {
  let running: Promise<void> | null = null;
  let again = false;
  return function run(): Promise<void> {
    if (opts.stopped()) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again && !opts.stopped());
      } catch (error) {
        opts.onError(error);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
