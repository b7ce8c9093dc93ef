/**
 * Which URLs are "our UI". Packaged builds load from the privileged `app://promptly/` scheme, dev
 * builds from the electron-vite dev server. Everything else is foreign even when it renders inside
 * our window (a blob: or about:srcdoc frame holding customer email, a page a link navigated to), and
 * foreign content gets no IPC, no permissions and no navigation.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'promptly';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export interface OriginPolicy {
  /** What the main window loads. */
  readonly startUrl: string;
  /** True for a URL (or a bare origin such as `app://promptly`) that belongs to our UI. */
  readonly isOwnUrl: (url: string) => boolean;
}

/**
 * @param devServerUrl the electron-vite dev server, or undefined. The caller must pass undefined in
 *   packaged builds: an environment variable must never be able to grant a remote page our IPC.
 */
export function createOriginPolicy(devServerUrl: string | undefined): OriginPolicy {
  const devOrigin = devServerUrl === undefined ? null : httpOrigin(devServerUrl);
  if (devServerUrl !== undefined && devOrigin === null) {
    throw new Error(`ELECTRON_RENDERER_URL is not an http(s) URL: ${devServerUrl}`);
  }
  return {
    startUrl: devOrigin === null ? APP_START_URL : (devServerUrl as string),
    isOwnUrl: (url) => {
      const parsed = URL.parse(url);
      if (parsed === null) return false;
      // WHATWG gives non-special schemes such as app: an opaque origin ("null"), so compare parts.
      if (parsed.protocol === `${APP_SCHEME}:`) {
        return parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
      }
      return devOrigin !== null && parsed.origin === devOrigin;
    },
  };
}

function httpOrigin(url: string): string | null {
  const parsed = URL.parse(url);
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return null;
  return parsed.origin;
}
