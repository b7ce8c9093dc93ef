import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin.ts';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // https: only for email images the agent chose to show; the email frame's own CSP blocks them
  // until then, and nothing else in the page renders customer HTML.
  "img-src 'self' data: blob: https:",
  // The hub can be anywhere the agent points it: the embedded one on 127.0.0.1 or a team server.
  "connect-src 'self' http: https: ws: wss:",
  // blob: is the sandboxed frame that renders customer email HTML.
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** Must run before `app` is ready: Chromium reads scheme privileges at start-up. */
export function registerAppSchemePrivileges(protocol: {
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges: Record<string, boolean> }[],
  ): void;
}): void {
  protocol.registerSchemesAsPrivileged([
    // standard: real origin and relative URLs; secure: a secure context (crypto.subtle, etc.).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Maps `app://promptly/<path>` to a file under `rootDir`, or null for anything that is not ours or
 * would escape the folder (`..`, encoded `%2e%2e%2f`, backslashes on Windows, NUL bytes).
 */
export function resolveAppPath(rootDir: string, requestUrl: string): string | null {
  const url = URL.parse(requestUrl);
  if (url === null || url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // No asset name has a backslash, and on Windows it is a separator that could walk out of root.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';

  const root = resolve(rootDir);
  const file = resolve(join(root, pathname));
  const rel = relative(root, file);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.txt': 'text/plain; charset=utf-8',
};

export type ReadFile = (path: string) => Promise<Uint8Array<ArrayBuffer>>;

/**
 * The `protocol.handle('app', …)` handler: static files from the built renderer, every response
 * with our CSP (a meta tag could be stripped or come too late; a header cannot).
 */
export function createAppProtocolHandler(deps: {
  rootDir: string;
  readFile: ReadFile;
}): (request: Request) => Promise<Response> {
  const respond = (
    status: number,
    body: Uint8Array<ArrayBuffer> | string | null,
    contentType: string,
  ) =>
    new Response(body, {
      status,
      headers: {
        'Content-Type': contentType,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  const text = 'text/plain; charset=utf-8';

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return respond(405, 'Method not allowed', text);
    }
    const file = resolveAppPath(deps.rootDir, request.url);
    if (file === null) return respond(404, 'Not found', text);
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await deps.readFile(file);
    } catch {
      return respond(404, 'Not found', text);
    }
    const contentType = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return respond(200, request.method === 'HEAD' ? null : body, contentType);
  };
}
