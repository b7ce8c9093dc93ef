import { describe, expect, it } from 'vitest';
import { createFailureThrottle } from '../../../src-hub/auth/throttle.ts';

describe('failure throttle', () => {
  it('blocks a key after the limit until the window passes', () => {
    let now = 1_000;
    const t = createFailureThrottle({ limit: 3, windowMs: 60_000 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfterMs('a')).toBe(0);
      t.recordFailure('a');
    }
    expect(t.retryAfterMs('a')).toBe(60_000);
    expect(t.retryAfterMs('b')).toBe(0);
    now += 59_000;
    expect(t.retryAfterMs('a')).toBe(1_000);
    now += 1_000;
    expect(t.retryAfterMs('a')).toBe(0);
  });

  it('forgets a key on reset', () => {
    const t = createFailureThrottle({ limit: 1, windowMs: 1000 }, () => 0);
    t.recordFailure('a');
    expect(t.retryAfterMs('a')).toBeGreaterThan(0);
    t.reset('a');
    expect(t.retryAfterMs('a')).toBe(0);
  });
});
