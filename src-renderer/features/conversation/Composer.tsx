import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Channel, Conversation } from '#shared/domain/conversation.ts';
import type { Message } from '#shared/domain/message.ts';
import type { MessageId, UserId } from '#shared/logic/ids.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { renderCanned } from '#shared/logic/canned-template.ts';
import { useAppStore } from '../../app/store.ts';
import { useDb } from '../../data/db-context.tsx';
import { newId } from '../../data/ids.ts';
import { useLive } from '../../data/live-context.tsx';
import { useMutate } from '../../data/mutate-context.tsx';
import { repliesSince, useComposerData } from './composer-data.ts';
import { mentionedIds, replaceToken, tokenAtCaret, type CaretToken } from './composer-tokens.ts';
import { Suggestions, type Suggestion } from './Suggestions.tsx';
import { useDraft } from './use-draft.ts';
import { Trans, useTranslation } from '../../i18n/index.ts';

export function Composer({
  conversation,
  customerName,
}: {
  conversation: Conversation;
  customerName: string;
}) {
  const { t } = useTranslation(['conversation', 'common']);
  const db = useDb();
  const mutate = useMutate();
  const live = useLive();
  const me = useAppStore((s) => s.session?.user);
  const data = useComposerData(conversation);
  const { text, setText, mode, setMode } = useDraft(conversation.id);
  const [channel, setChannel] = useState<Channel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<CaretToken>(null);
  const [active, setActive] = useState(0);
  const [collision, setCollision] = useState<Message[] | null>(null);
  const mentions = useRef(new Map<string, string>());
  const startedAt = useRef<number | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const typing = text.trim().length > 0;

  // When the draft started: replies by colleagues after this moment trigger the collision check.
  useEffect(() => {
    if (!typing) startedAt.current = null;
    else startedAt.current ??= Date.now();
  }, [typing]);

  useEffect(() => {
    // Colleagues see "typing" while there is an unsent draft, and it clears after a pause.
    live.view(conversation.id, typing);
    if (!typing) return;
    const idle = setTimeout(() => live.view(conversation.id, false), 5_000);
    return () => clearTimeout(idle);
  }, [live, conversation.id, typing, text]);

  const channels = data?.channels ?? [];
  const replyChannel = channel && channels.includes(channel) ? channel : (channels[0] ?? null);

  const suggestions: Suggestion[] = useMemo(() => {
    if (!token || !data) return [];
    const q = token.query.toLowerCase();
    if (token.kind === 'mention' && mode === 'note') {
      return data.agents
        .filter((a) => a.id !== me?.id && a.name.toLowerCase().includes(q))
        .slice(0, 6)
        .map((a) => ({ key: a.id, label: a.name, hint: a.email }));
    }
    if (token.kind === 'canned') {
      return data.canned
        .filter((c) => c.shortcut.startsWith(q) || c.title.toLowerCase().includes(q))
        .slice(0, 8)
        .map((c) => ({ key: c.id, label: `/${c.shortcut}`, hint: c.title }));
    }
    return [];
  }, [token, data, mode, me?.id]);

  function pick(index: number) {
    const item = suggestions[index];
    const el = input.current;
    if (!item || !token || !el || !data) return;
    let insert: string;
    if (token.kind === 'mention') {
      mentions.current.set(item.key, item.label);
      insert = `@${item.label} `;
    } else {
      const canned = data.canned.find((c) => c.id === item.key);
      insert = canned
        ? renderCanned(canned.body, {
            customer: data.customer
              ? { name: data.customer.name, company: data.customer.company }
              : null,
            agent: me ? { name: me.name } : null,
            conversation: { subject: conversation.subject },
          }).text
        : '';
    }
    const next = replaceToken(text, token.start, el.selectionStart, insert);
    setText(next.text);
    setToken(null);
    requestAnimationFrame(() => el.setSelectionRange(next.caret, next.caret));
  }

  async function send(confirmed = false) {
    if (!text.trim() || !me) return;
    setError(null);
    if (mode === 'reply' && !confirmed && startedAt.current !== null) {
      const others = await repliesSince(db, conversation.id, startedAt.current, me.id);
      if (others.length > 0) {
        setCollision(others);
        return;
      }
    }
    setCollision(null);
    const messageId = newId() as MessageId;
    try {
      if (mode === 'reply') {
        if (!replyChannel) throw new PromptlyError('invalid_input', t('composer.noChannel'));
        await mutate('conversation.reply.v2', {
          conversationId: conversation.id,
          messageId,
          text,
          ...(replyChannel !== conversation.channel ? { channel: replyChannel } : {}),
        });
      } else {
        await mutate('conversation.note', {
          conversationId: conversation.id,
          messageId,
          text,
          mentions: mentionedIds(text, mentions.current) as UserId[],
        });
      }
      mentions.current.clear();
      setText('');
    } catch (e) {
      setError(e instanceof PromptlyError ? e.message : t('composer.saveFailed'));
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((a) => (a + step + suggestions.length) % suggestions.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(active);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setToken(null);
        return;
      }
    }
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void send();
    }
  }

  const label = mode === 'reply' ? t('composer.reply') : t('composer.note');
  const open = suggestions.length > 0;
  return (
    <div className="composer" data-mode={mode}>
      <div className="composer-tabs" role="group" aria-label={t('composer.type')}>
        <button
          type="button"
          className="composer-tab"
          aria-pressed={mode === 'reply'}
          onClick={() => setMode('reply')}
        >
          {t('composer.reply')}
        </button>
        <button
          type="button"
          className="composer-tab"
          aria-pressed={mode === 'note'}
          onClick={() => setMode('note')}
        >
          {t('composer.note')}
        </button>
        {mode === 'reply' && channels.length > 1 && (
          <label className="composer-channel">
            <span>{t('composer.via')}</span>
            <select
              aria-label={t('composer.channel')}
              value={replyChannel ?? ''}
              onChange={(e) => setChannel(e.target.value as Channel)}
            >
              {channels.map((ch) => (
                <option key={ch} value={ch}>
                  {t(`common:channel.${ch}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {collision && (
        <div className="composer-collision" role="alert">
          <span>
            {t('composer.collision', { name: collision[collision.length - 1]!.authorName })}{' '}
            <q>{collision[collision.length - 1]!.text.slice(0, 120)}</q>
          </span>
          <button type="button" className="btn btn-quiet" onClick={() => setCollision(null)}>
            {t('composer.review')}
          </button>
          <button type="button" className="btn" onClick={() => void send(true)}>
            {t('composer.sendAnyway')}
          </button>
        </div>
      )}
      <textarea
        ref={input}
        className="composer-input"
        aria-label={label}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        placeholder={
          mode === 'reply'
            ? replyChannel
              ? t('composer.replyPlaceholder', {
                  name: customerName,
                  channel: t(`common:channel.${replyChannel}`),
                })
              : t('composer.noChannelPlaceholder', { name: customerName })
            : t('composer.notePlaceholder')
        }
        rows={3}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setCollision(null);
          setToken(tokenAtCaret(e.target.value, e.target.selectionStart));
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setToken(null)}
      />
      <Suggestions
        id={listId}
        label={token?.kind === 'mention' ? t('composer.mentionList') : t('composer.cannedList')}
        items={suggestions}
        active={active}
        onPick={pick}
      />
      <div className="composer-foot">
        {error ? (
          <span className="composer-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="pane-sub">
            <Trans
              t={t}
              i18nKey="composer.sendHint"
              components={{ kbd: <span className="kbd" /> }}
            />
          </span>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={!text.trim()}
          onClick={() => void send()}
        >
          {mode === 'reply' ? t('composer.send') : t('composer.addNote')}
        </button>
      </div>
    </div>
  );
}
