/**
 * Counts failed sign-ins per key (an account, an IP) in a fixed window. Kept in memory: on a
 * multi-node deployment each node throttles on its own, which still caps a guesser at
 * nodes × limit per window.
 */
export interface ThrottleRule {
  limit: number;
  windowMs: number;
}

export function createFailureThrottle(rule: ThrottleRule, now: () => number = Date.now) {
  const windows = new Map<string, { start: number; failures: number }>();

  function current(key: string) {
    const w = windows.get(key);
    if (!w || now() - w.start >= rule.windowMs) return null;
    return w;
  }

  return {
    /** Milliseconds until `key` may try again, or 0 when it is not blocked. */
    retryAfterMs(key: string): number {
      const w = current(key);
      if (!w || w.failures < rule.limit) return 0;
      return Math.max(1, w.start + rule.windowMs - now());
    },
    recordFailure(key: string): void {
      const w = current(key);
      if (w) w.failures++;
      else windows.set(key, { start: now(), failures: 1 });
      if (windows.size > 50_000) this.prune();
    },
    reset(key: string): void {
      windows.delete(key);
    },
    prune(): void {
      for (const [key, w] of windows) if (now() - w.start >= rule.windowMs) windows.delete(key);
    },
  };
}

export type FailureThrottle = ReturnType<typeof createFailureThrottle>;
