import { useMemo, useRef, useState } from 'react';
import { sanitizeEmail } from './email-html.ts';
import { useTranslation } from '../../i18n/index.ts';

/**
 * An email's HTML in a sandboxed frame: no scripts can run in it (no allow-scripts), and it is
 * same-origin only so this document can size it to its content. The content is sanitized first.
 */
export function EmailFrame({ html, title }: { html: string; title: string }) {
  const { t } = useTranslation('conversation');
  const [allowImages, setAllowImages] = useState(false);
  const [showQuoted, setShowQuoted] = useState(false);
  const { document, blockedImages, hasQuoted } = useMemo(
    () => sanitizeEmail(html, allowImages, showQuoted),
    [html, allowImages, showQuoted],
  );
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);

  const fit = () => {
    const doc = ref.current?.contentDocument;
    if (doc) setHeight(Math.min(4_000, doc.documentElement.scrollHeight + 2));
  };

  return (
    <div className="email">
      {blockedImages > 0 && (
        <div className="email-images">
          <span>{t('email.blockedImages', { count: blockedImages })}</span>
          <button type="button" className="btn btn-quiet" onClick={() => setAllowImages(true)}>
            {t('email.showImages')}
          </button>
        </div>
      )}
      <div className="email-paper">
        <iframe
          ref={ref}
          className="email-frame"
          title={title}
          sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          srcDoc={document}
          style={{ height }}
          // Sized once loaded (images included): reading its height is not running script in it.
          onLoad={fit}
        />
      </div>
      {hasQuoted && (
        <button
          type="button"
          className="btn btn-quiet email-quoted"
          aria-expanded={showQuoted}
          onClick={() => setShowQuoted((v) => !v)}
        >
          {showQuoted ? t('email.hideQuoted') : t('email.showQuoted')}
        </button>
      )}
    </div>
  );
}
