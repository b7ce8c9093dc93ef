import { describe, expect, it } from 'vitest';
import { coalesced } from '../../../src-renderer/data/coalesce.ts';

describe('coalesced', () => {
  it('runs once more for any number of triggers during a run, never two at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    let release!: () => void;
    const run = coalesced(
      async () => {
        runs++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (runs === 1) await new Promise<void>((r) => (release = r));
        inFlight--;
      },
      { stopped: () => false, onError: () => undefined },
    );
    const first = run();
    void run();
    void run();
    void run();
    release();
    await first;
    expect(runs).toBe(2);
    expect(maxInFlight).toBe(1);
  });

  it('reports a failure and can run again afterwards', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const run = coalesced(
      async () => {
        if (fail) throw new Error('boom');
      },
      { stopped: () => false, onError: (e) => errors.push(e) },
    );
    await run();
    fail = false;
    await run();
    expect(errors).toHaveLength(1);
  });

  it('does nothing once stopped', async () => {
    let runs = 0;
    const run = coalesced(async () => void runs++, {
      stopped: () => true,
      onError: () => undefined,
    });
    await run();
    expect(runs).toBe(0);
  });
});
