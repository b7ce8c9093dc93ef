import { vi, type Mock } from 'vitest';
import type { Logger } from '../../../../src-main/main/log.ts';

/** A logger that records instead of printing, so tests can assert that a refusal was explained. */
type Level = 'info' | 'warn' | 'error';
type RecordingLogger = Logger & Record<Level, Mock<(...args: unknown[]) => void>>;

export function createFakeLogger(): { log: RecordingLogger; text: (level: Level) => string } {
  const log: RecordingLogger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const text = (level: Level) =>
    log[level].mock.calls.map((args) => args.map(String).join(' ')).join('\n');
  return { log, text };
}
