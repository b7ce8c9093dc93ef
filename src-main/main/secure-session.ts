import { StoredSession } from '#shared/contracts/ipc.ts';
import {
  type FileSystem,
  readFileIfExists,
  realFileSystem,
  writeFileAtomic,
} from './atomic-file.ts';
import type { Logger } from './log.ts';

/**
 * The part of Electron's `safeStorage` we use. The async API, because the sync one is deprecated in
 * Electron 45 and the async decrypt also tells us when the OS key has rotated.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface SecureSessionStore {
  /** The saved session, or null when there is none or it cannot be decrypted safely. */
  load(): Promise<StoredSession | null>;
  /** null signs out: the file is removed whether or not encryption works. */
  save(session: StoredSession | null): Promise<void>;
}

export interface SecureSessionDeps {
  filePath: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  log: Logger;
  fs?: FileSystem;
}

/**
 * Keeps the agent signed in across restarts, but only with real OS-backed encryption. Without it we
 * refuse to persist (the agent signs in again next launch) rather than leave a bearer token in
 * plaintext in the profile folder.
 */
export function createSecureSessionStore({
  filePath,
  safeStorage,
  platform,
  log,
  fs = realFileSystem,
}: SecureSessionDeps): SecureSessionStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work);
    queue = done.catch(() => undefined);
    return done;
  };

  /** null when encryption is usable, otherwise the reason it is not. */
  async function whyNotEncrypted(): Promise<string | null> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      return 'OS encryption (safeStorage) is not available';
    }
    // On Linux without a keyring Chromium falls back to a hard-coded key: obfuscation, not secrecy.
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      return 'no OS keyring (safeStorage backend is basic_text)';
    }
    return null;
  }

  async function write(session: StoredSession): Promise<void> {
    const encrypted = await safeStorage.encryptStringAsync(JSON.stringify(session));
    await writeFileAtomic(fs, filePath, encrypted);
  }

  async function remove(): Promise<void> {
    await fs.rm(filePath, { force: true });
  }

  return {
    load: () =>
      serialized(async () => {
        const encrypted = await readFileIfExists(fs, filePath);
        if (encrypted === null) return null;
        const reason = await whyNotEncrypted();
        if (reason !== null) {
          log.warn(`not restoring the saved session: ${reason}`);
          return null;
        }
        let decrypted: { shouldReEncrypt: boolean; result: string };
        try {
          decrypted = await safeStorage.decryptStringAsync(encrypted);
        } catch (err) {
          // Typically the OS key changed (new keychain, profile copied to another machine).
          log.warn('saved session cannot be decrypted; signing in again', err);
          await remove();
          return null;
        }
        const parsed = StoredSession.safeParse(safeJsonParse(decrypted.result));
        if (!parsed.success) {
          log.warn('saved session is not a valid session; discarding it');
          await remove();
          return null;
        }
        if (decrypted.shouldReEncrypt) await write(parsed.data);
        return parsed.data;
      }),

    save: (session) =>
      serialized(async () => {
        if (session === null) return remove();
        const reason = await whyNotEncrypted();
        if (reason !== null) {
          log.warn(`not saving the session: ${reason}; the agent will sign in again next launch`);
          // An older encrypted copy would resurrect a session the agent has since replaced.
          return remove();
        }
        return write(session);
      }),
  };
}

function safeJsonParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
