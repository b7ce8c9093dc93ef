import DOMPurify from 'dompurify';

export interface SanitizedEmail {
  /** A complete document for the sandboxed frame's srcdoc. */
  document: string;
  /** Remote images held back until the agent allows them. */
  blockedImages: number;
  /** Whether the email quotes earlier messages (left out unless `showQuoted`). */
  hasQuoted: boolean;
}

const REMOTE = /^(https?:)?\/\//i;
/** Wrappers mail clients put around the quoted previous message. */
const QUOTE_SELECTOR =
  'blockquote, .gmail_quote, .yahoo_quoted, #divRplyFwdMsg, #appendonsend, div[id^="divRplyFwdMsg"]';

/**
 * Sanitizes an email's HTML for display. DOMPurify strips scripts, handlers and dangerous URLs;
 * on top of that remote images are parked in a data attribute until allowed (they are tracking
 * pixels as often as content), every link opens outside the app, and quoted history is left out
 * until the agent asks for it. The frame's own CSP is the second lock on all of it.
 */
export function sanitizeEmail(
  html: string,
  allowRemoteImages: boolean,
  showQuoted = false,
): SanitizedEmail {
  let blockedImages = 0;
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (node.tagName === 'IMG') {
      const src = node.getAttribute('src') ?? '';
      if (REMOTE.test(src) && !allowRemoteImages) {
        node.removeAttribute('src');
        node.removeAttribute('srcset');
        node.setAttribute('data-blocked', '');
        blockedImages++;
      } else if (!REMOTE.test(src) && !/^data:image\//i.test(src)) {
        // A relative URL would resolve against this app and call our own hub: never load it.
        node.removeAttribute('src');
        node.removeAttribute('srcset');
      }
    }
    // Inline styles may fetch too (background: url(...)); the frame CSP blocks those when
    // images are not allowed, so they need no rewriting here.
  });
  // With RETURN_DOM the result is the sanitized <body>, in a document of DOMPurify's own.
  // Inline handlers are neutered before parsing as well: DOMPurify removes them anyway, but
  // Chromium reports every one it parses as a CSP violation of this page, which is noise.
  const defused = html.replace(/(\s|\/)on[a-z]+\s*=/gi, '$1data-x=');
  const body = purify.sanitize(defused, {
    WHOLE_DOCUMENT: false,
    RETURN_DOM: true,
    FORBID_TAGS: [
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'iframe',
      'frame',
      'object',
      'embed',
      'base',
      'meta',
      'link',
    ],
    FORBID_ATTR: ['srcdoc', 'formaction', 'ping'],
    ADD_ATTR: ['target'],
    ALLOW_DATA_ATTR: false,
  }) as HTMLElement;
  // Quoted history is left out until asked for. The toggle lives outside the frame: the frame may
  // run no script, and a listener of ours on its document would be refused.
  let hasQuoted = false;
  for (const quote of [...body.querySelectorAll(QUOTE_SELECTOR)]) {
    if (quote.parentElement?.closest(QUOTE_SELECTOR)) continue;
    hasQuoted = true;
    if (!showQuoted) quote.remove();
  }
  return { document: frameDocument(body.innerHTML, allowRemoteImages), blockedImages, hasQuoted };
}

function frameDocument(content: string, allowRemoteImages: boolean): string {
  const csp = [
    "default-src 'none'",
    `img-src data: ${allowRemoteImages ? 'https: http:' : ''}`.trim(),
    "style-src 'unsafe-inline'",
    'font-src data:',
  ].join('; ');
  return (
    `<!doctype html><html><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<style>${FRAME_CSS}</style></head><body>${content}</body></html>`
  );
}

const FRAME_CSS = `
html{color-scheme:light}
body{margin:0;font:13px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;overflow-wrap:anywhere;color:#1c1d21;background:transparent}
img{max-width:100%;height:auto}
img[data-blocked]{display:inline-block;width:24px;height:16px;background:#e4e5ea;border-radius:3px}
table{max-width:100%}
a{color:#2f7fd1}
`;
