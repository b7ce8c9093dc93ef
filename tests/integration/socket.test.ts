import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { AckError } from '#shared/logic/ack.ts';
import { connectAgent, loginAs, startTestHub, type TestHub } from './support/hub.ts';
import { pullAll } from './support/pull.ts';

let hub: TestHub;
let socket: Socket;
beforeAll(async () => {
  hub = await startTestHub();
  const { token } = await loginAs(hub, 'ada@demo.test');
  socket = await connectAgent(hub, token);
});
afterAll(async () => {
  socket?.close();
  await hub?.stop();
});

describe('socket authentication', () => {
  it.each([
    ['a made-up token', 'x'.repeat(43)],
    ['a malformed token', '../../etc/passwd'],
    ['no token at all', undefined],
    ['a non-string token', { $gt: '' }],
  ])('refuses %s with a clear unauthorized error', async (_label, token) => {
    const error = await connectAgent(hub, token).then(
      () => null,
      (e: Error & { data?: unknown }) => e,
    );
    expect(error?.message).toBe('unauthorized');
    expect(error?.data).toMatchObject({ code: 'unauthorized' });
  });
});

describe('malformed socket payloads', () => {
  const junk: [string, unknown][] = [
    ['no arguments object', 'hello'],
    ['a negative cursor', { cursor: -1 }],
    ['a string cursor', { cursor: '0' }],
    ['a huge limit', { cursor: 0, limit: 10_000_000 }],
    ['unknown keys', { cursor: 0, evil: true }],
    ['null', null],
    ['an array', [1, 2, 3]],
  ];
  it.each(junk)('answers %s with a typed invalid_input error', async (_label, payload) => {
    const ack: unknown = await socket.timeout(5000).emitWithAck('sync:pull', payload);
    const error = AckError.parse(ack);
    expect(error.code).toBe('invalid_input');
    expect(error.message.length).toBeGreaterThan(0);
  });

  it('answers an unknown event with a typed error', async () => {
    const ack: unknown = await socket.timeout(5000).emitWithAck('admin:drop-tables', {});
    expect(AckError.parse(ack).code).toBe('invalid_input');
  });

  it('keeps serving the same connection after all that', async () => {
    expect(socket.connected).toBe(true);
    const { changes } = await pullAll(socket);
    expect(changes.length).toBeGreaterThan(0);
    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
