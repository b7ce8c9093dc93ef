import { ExternalUrl } from '#shared/contracts/ipc.ts';
import type { Logger } from './log.ts';

const ALLOWED_PROTOCOLS = new Set(['https:', 'mailto:', 'tel:']);

/**
 * The contract's check (https, mailto, tel) plus a real URL parse, because a prefix test alone
 * passes `https://` with nothing after it or `https://good.example@evil.example/`.
 */
export function isAllowedExternalUrl(url: string): boolean {
  if (!ExternalUrl.safeParse(url).success) return false;
  const parsed = URL.parse(url);
  if (parsed === null || !ALLOWED_PROTOCOLS.has(parsed.protocol)) return false;
  if (parsed.protocol === 'https:') {
    return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  }
  return true;
}

export type OpenExternal = (url: string) => Promise<void>;

/** The only way main hands a URL to the OS, whether it came over IPC, a link or window.open. */
export function createExternalOpener(deps: {
  shellOpenExternal: (url: string) => Promise<void>;
  log: Logger;
}): OpenExternal {
  return async (url) => {
    if (!isAllowedExternalUrl(url)) {
      deps.log.warn(`refused to open an external URL: ${JSON.stringify(url.slice(0, 200))}`);
      throw new Error('Only https, mailto and tel links can be opened');
    }
    await deps.shellOpenExternal(url);
  };
}
