import { describe, expect, it } from 'vitest';
import { LoginBody } from '#shared/contracts/http.ts';
import { SyncPullArgs, SyncPullResult } from '#shared/contracts/socket.ts';
import { ipcContract, StoredSession, ExternalUrl } from '#shared/contracts/ipc.ts';
import { ipcInvokeChannels } from '#shared/contracts/ipc-channels.ts';
import { Conversation } from '#shared/domain/conversation.ts';
import { Change } from '#shared/domain/change.ts';
import { ackSchema } from '#shared/logic/ack.ts';
import { formatUuidV7, UUID_PATTERN, uuidV7Time, ConversationId } from '#shared/logic/ids.ts';
import { z } from 'zod';

const rnd = (seed: number) => new Uint8Array(10).map((_, i) => (seed * 31 + i * 7) % 256);

describe('ids', () => {
  it('formats RFC 9562 version-7 UUIDs that carry their time', () => {
    const t = Date.UTC(2026, 10, 24, 12, 0, 0, 123);
    const id = formatUuidV7(t, rnd(1));
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
    expect(uuidV7Time(id)).toBe(t);
  });

  it('sorts by creation time as plain strings', () => {
    const ids = [5, 1, 3_000_000_000_000, 1_700_000_000_000].map((t, i) => ({
      t,
      id: formatUuidV7(t, rnd(i)),
    }));
    const byString = [...ids].sort((a, b) => (a.id < b.id ? -1 : 1)).map((x) => x.t);
    expect(byString).toEqual([...byString].sort((a, b) => a - b));
  });

  it('refuses too little randomness', () => {
    expect(() => formatUuidV7(1, new Uint8Array(4))).toThrow(RangeError);
  });

  it('brands ids by entity and rejects non-UUIDs', () => {
    expect(ConversationId.safeParse('1 or 1=1').success).toBe(false);
    expect(ConversationId.safeParse(formatUuidV7(1, rnd(2))).success).toBe(true);
  });
});

describe('LoginBody', () => {
  it('normalises the email', () => {
    expect(LoginBody.parse({ email: '  Ada@Demo.TEST ', password: 'p' }).email).toBe(
      'ada@demo.test',
    );
  });
  it.each([
    [{ email: 'ada@demo.test' }],
    [{ email: 'not-an-email', password: 'p' }],
    [{ email: 'ada@demo.test', password: '' }],
    [{ email: 'ada@demo.test', password: 'p', admin: true }],
    [{ email: `${'a'.repeat(250)}@x.io`, password: 'p' }],
  ])('rejects %j', (input) => {
    expect(LoginBody.safeParse(input).success).toBe(false);
  });
});

describe('sync contract', () => {
  it('bounds the page size and cursor', () => {
    expect(SyncPullArgs.safeParse({ cursor: 0 }).success).toBe(true);
    expect(SyncPullArgs.safeParse({ cursor: 0, limit: 1001 }).success).toBe(false);
    expect(SyncPullArgs.safeParse({ cursor: 1.5 }).success).toBe(false);
  });

  it('validates changes by entity', () => {
    const conversation = {
      id: formatUuidV7(1, rnd(1)),
      customerId: formatUuidV7(1, rnd(2)),
      channel: 'email',
      subject: 'Where is my order?',
      status: 'open',
      priority: 'normal',
      tags: ['shipping'],
      teamId: formatUuidV7(1, rnd(3)),
      assigneeId: null,
      firstMessageId: null,
      preview: 'Hi',
      lastMessageAt: 10,
      waitingSince: 10,
      snoozedUntil: null,
      createdAt: 1,
      updatedAt: 10,
      version: 1,
    };
    expect(Conversation.parse(conversation)).toEqual(conversation);
    // Change-log entries written before snoozing existed carry no snoozedUntil: null, not invalid.
    const { snoozedUntil: _absent, ...legacy } = conversation;
    expect(Conversation.parse(legacy)).toEqual(conversation);
    expect(Conversation.safeParse({ ...conversation, snoozedUntil: 1.5 }).success).toBe(false);
    expect(
      Change.safeParse({ seq: 1, entity: 'conversation', op: 'put', data: conversation }).success,
    ).toBe(true);
    expect(
      Change.safeParse({
        seq: 1,
        entity: 'conversation',
        op: 'put',
        data: { ...conversation, channel: 'fax' },
      }).success,
    ).toBe(false);
    expect(Change.safeParse({ seq: 2, entity: 'message', op: 'delete', id: 'x' }).success).toBe(
      true,
    );
    const ack = ackSchema(SyncPullResult);
    expect(
      ack.safeParse({ ok: true, value: { changes: [], cursor: 3, hasMore: false } }).success,
    ).toBe(true);
    expect(ack.safeParse({ ok: false, code: 'invalid_input', message: 'bad' }).success).toBe(true);
    expect(ack.safeParse({ ok: false, code: 'teapot', message: 'bad' }).success).toBe(false);
  });
});

describe('IPC contract', () => {
  it('names every channel domain:verb-noun and matches the preload name table', () => {
    for (const [channel, spec] of Object.entries(ipcContract)) {
      expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
      expect(ipcInvokeChannels[channel as keyof typeof ipcInvokeChannels]).toBe(spec.method);
      expect(spec.args).toBeInstanceOf(z.ZodTuple);
    }
    expect(Object.keys(ipcInvokeChannels).sort()).toEqual(Object.keys(ipcContract).sort());
  });

  it('only lets https, mailto and tel links open externally', () => {
    for (const ok of ['https://example.com', 'mailto:a@b.c', 'tel:+4930123'])
      expect(ExternalUrl.safeParse(ok).success).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'http://example.com',
      'smb://host/share',
    ]) {
      expect(ExternalUrl.safeParse(bad).success).toBe(false);
    }
  });

  it('bounds a stored session', () => {
    expect(
      StoredSession.safeParse({ hubUrl: 'http://127.0.0.1:4800', token: 't', userId: 'u' }).success,
    ).toBe(true);
    expect(StoredSession.safeParse({ hubUrl: 'x', token: '', userId: 'u' }).success).toBe(false);
  });
});
