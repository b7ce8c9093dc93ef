import { describe, expect, it } from 'vitest';
import {
  mentionedIds,
  replaceToken,
  tokenAtCaret,
} from '../../../src-renderer/features/conversation/composer-tokens.ts';
import { replyChannels } from '#shared/logic/reply-channels.ts';

describe('composer completions', () => {
  it('finds an @mention being typed, in any script, but not an email address', () => {
    expect(tokenAtCaret('Hi @Li', 6)).toEqual({ kind: 'mention', query: 'Li', start: 3 });
    expect(tokenAtCaret('@Αλέ', 4)).toEqual({ kind: 'mention', query: 'Αλέ', start: 0 });
    expect(tokenAtCaret('write to ada@demo', 17)).toBeNull();
  });

  it('finds a canned shortcut only at the start of a line', () => {
    expect(tokenAtCaret('/ref', 4)).toEqual({ kind: 'canned', query: 'ref', start: 0 });
    expect(tokenAtCaret('Hello\n/th', 9)).toEqual({ kind: 'canned', query: 'th', start: 6 });
    expect(tokenAtCaret('see http://x/y', 14)).toBeNull();
  });

  it('replaces the token and keeps only mentions whose name is still in the text', () => {
    expect(replaceToken('Hi @Li and', 3, 6, '@Lin Chen ')).toEqual({
      text: 'Hi @Lin Chen  and',
      caret: 13,
    });
    const picked = new Map([
      ['u1', 'Lin Chen'],
      ['u2', 'Sam Okafor'],
    ]);
    expect(mentionedIds('ask @Lin Chen please', picked)).toEqual(['u1']);
  });
});

describe('reply channels', () => {
  const none = { email: null, phone: null, identityKinds: [] };
  it('offers the conversation’s own channel first, then others the customer can be reached on', () => {
    expect(replyChannels('chat', { ...none, email: 'a@b.c', phone: '+1555' })).toEqual([
      'chat',
      'email',
      'sms',
      'whatsapp',
    ]);
  });
  it('never offers "phone" as a written reply', () => {
    expect(replyChannels('phone', { ...none, phone: '+1555' })).toEqual(['sms', 'whatsapp']);
    expect(replyChannels('phone', none)).toEqual([]);
  });
  it('uses identities as well as the record’s own email and phone', () => {
    expect(replyChannels('email', { ...none, identityKinds: ['chat_visitor'] })).toEqual([
      'email',
      'chat',
    ]);
  });
});
