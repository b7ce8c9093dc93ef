import { useEffect, useState, type KeyboardEvent } from 'react';
import { useLive } from '../../data/live-context.tsx';
import type { Conversation } from '#shared/domain/conversation.ts';
import type { MessageId } from '#shared/logic/ids.ts';
import { PromptlyError } from '#shared/logic/ack.ts';
import { useMutate } from '../../data/mutate-context.tsx';
import { newId } from '../../data/ids.ts';
import { CHANNEL_LABEL } from '../../ui/icons.tsx';

type Mode = 'reply' | 'note';

export function Composer({
  conversation,
  customerName,
}: {
  conversation: Conversation;
  customerName: string;
}) {
  const mutate = useMutate();
  const [mode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const label = mode === 'reply' ? 'Reply' : 'Internal note';
  const live = useLive();
  const typing = text.trim().length > 0;
  useEffect(() => {
    // Colleagues see "typing" while there is an unsent draft, and it clears after a pause.
    live.view(conversation.id, typing);
    if (!typing) return;
    const idle = setTimeout(() => live.view(conversation.id, false), 5_000);
    return () => clearTimeout(idle);
  }, [live, conversation.id, typing, text]);

  async function send() {
    if (!text.trim()) return;
    setError(null);
    const messageId = newId() as MessageId;
    try {
      if (mode === 'reply') {
        await mutate('conversation.reply', { conversationId: conversation.id, messageId, text });
      } else {
        await mutate('conversation.note', {
          conversationId: conversation.id,
          messageId,
          text,
          mentions: [],
        });
      }
      setText('');
    } catch (e) {
      setError(
        e instanceof PromptlyError ? e.message : 'Could not save this message on this computer.',
      );
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void send();
    }
  }

  return (
    <div className="composer" data-mode={mode}>
      <div className="composer-tabs" role="group" aria-label="Message type">
        <button
          type="button"
          className="composer-tab"
          aria-pressed={mode === 'reply'}
          onClick={() => setMode('reply')}
        >
          Reply
        </button>
        <button
          type="button"
          className="composer-tab"
          aria-pressed={mode === 'note'}
          onClick={() => setMode('note')}
        >
          Internal note
        </button>
      </div>
      <textarea
        className="composer-input"
        aria-label={label}
        placeholder={
          mode === 'reply'
            ? `Reply to ${customerName} via ${CHANNEL_LABEL[conversation.channel]}…`
            : 'Add a note only your team can see…'
        }
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <div className="composer-foot">
        {error ? (
          <span className="composer-error" role="alert">
            {error}
          </span>
        ) : (
          <span className="pane-sub">
            <span className="kbd">Ctrl</span> <span className="kbd">Enter</span> to send
          </span>
        )}
        <button
          type="button"
          className="btn btn-primary"
          disabled={!text.trim()}
          onClick={() => void send()}
        >
          {mode === 'reply' ? 'Send' : 'Add note'}
        </button>
      </div>
    </div>
  );
}
