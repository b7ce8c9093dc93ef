/** What we set on the session; Electron's Session satisfies it. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      webContents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (webContents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

const ALLOWED_PERMISSIONS = new Set(['notifications']);

/**
 * Camera, microphone, geolocation, clipboard reads, HID…: an agent desktop needs none of them, and
 * foreign content (a frame, a page a link led to) gets nothing at all. Both handlers are needed:
 * Chromium checks before it asks.
 */
export function applyPermissionPolicy(
  session: PermissionSession,
  isOwnUrl: (url: string) => boolean,
): void {
  const allowed = (permission: string, url: string | undefined) =>
    ALLOWED_PERMISSIONS.has(permission) && url !== undefined && isOwnUrl(url);

  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(allowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    allowed(permission, requestingOrigin),
  );
}
