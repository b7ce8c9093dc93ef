import { useEffect, useMemo, useRef, useState } from 'react';
import { sanitizeEmail } from './email-html.ts';

/**
 * An email's HTML in a sandboxed frame: no scripts can run in it (no allow-scripts), and it is
 * same-origin only so this document can size it to its content. The content is sanitized first.
 */
export function EmailFrame({ html, title }: { html: string; title: string }) {
  const [allowImages, setAllowImages] = useState(false);
  const { document, blockedImages } = useMemo(
    () => sanitizeEmail(html, allowImages),
    [html, allowImages],
  );
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(80);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => () => observer.current?.disconnect(), []);

  const fit = () => {
    const doc = ref.current?.contentDocument;
    if (doc) setHeight(Math.min(4_000, doc.documentElement.scrollHeight + 2));
  };

  return (
    <div className="email">
      {blockedImages > 0 && (
        <div className="email-images">
          <span>
            {blockedImages} remote {blockedImages === 1 ? 'image' : 'images'} blocked to protect
            your privacy.
          </span>
          <button type="button" className="btn btn-quiet" onClick={() => setAllowImages(true)}>
            Show images
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
          onLoad={() => {
            fit();
            // Folding quoted text open or closed changes the height. No script runs inside to say
            // so, and a listener on the frame's document would be refused (the frame has no
            // allow-scripts): a ResizeObserver runs in this document and watches from outside.
            observer.current?.disconnect();
            const root = ref.current?.contentDocument?.body;
            if (root) {
              observer.current = new ResizeObserver(fit);
              observer.current.observe(root);
            }
          }}
        />
      </div>
    </div>
  );
}
