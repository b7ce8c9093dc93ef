import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StoredSession } from '#shared/contracts/ipc.ts';
import { createSecureSessionStore } from '../../../src-main/main/secure-session.ts';
import { createFakeSafeStorage } from './fakes/electron.ts';
import { createFakeLogger } from './fakes/log.ts';

vi.mock('electron', () => {
  throw new Error('secure-session must get safeStorage injected, not import electron');
});

const session: StoredSession = {
  hubUrl: 'http://127.0.0.1:4800',
  token: 'tok_9f8e7d6c5b4a-secret',
  userId: 'usr_01HZX',
};

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'promptly-session-'));
  file = join(dir, 'session.bin');
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

function setup(
  opts: Parameters<typeof createFakeSafeStorage>[0] = {},
  platform: NodeJS.Platform = 'linux',
) {
  const safeStorage = createFakeSafeStorage(opts);
  const logger = createFakeLogger();
  const store = createSecureSessionStore({
    filePath: file,
    safeStorage,
    platform,
    log: logger.log,
  });
  return { store, safeStorage, ...logger };
}

describe('secure session store', () => {
  it('encrypts with safeStorage: the token never reaches disk in plaintext', async () => {
    const { store, safeStorage } = setup();
    await store.save(session);

    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith(JSON.stringify(session));
    const onDisk = await fs.readFile(file);
    expect(onDisk.toString('latin1')).not.toContain(session.token);
    expect(onDisk.toString('latin1')).not.toContain(session.userId);
    expect(await store.load()).toEqual(session);
  });

  it('returns null when nothing was saved', async () => {
    expect(await setup().store.load()).toBeNull();
  });

  it('refuses to persist when encryption is unavailable, and logs why', async () => {
    const { store, safeStorage, text } = setup({ available: false });
    await store.save(session);

    await expect(fs.access(file)).rejects.toThrow();
    expect(safeStorage.encryptStringAsync).not.toHaveBeenCalled();
    expect(text('warn')).toMatch(/not saving the session: OS encryption/);
  });

  it('refuses Linux basic_text (hard-coded key) as not real encryption', async () => {
    const { store, text } = setup({ backend: 'basic_text' }, 'linux');
    await store.save(session);
    await expect(fs.access(file)).rejects.toThrow();
    expect(text('warn')).toMatch(/basic_text/);
  });

  it('does not consult the Linux backend on other platforms', async () => {
    const { store, safeStorage } = setup({ backend: 'basic_text' }, 'darwin');
    await store.save(session);
    expect(safeStorage.getSelectedStorageBackend).not.toHaveBeenCalled();
    expect(await store.load()).toEqual(session);
  });

  it('loads null (not plaintext, not a throw) when encryption has become unavailable', async () => {
    const { store, safeStorage, text } = setup();
    await store.save(session);
    safeStorage.state.available = false;

    expect(await store.load()).toBeNull();
    expect(safeStorage.decryptStringAsync).not.toHaveBeenCalled();
    expect(text('warn')).toMatch(/not restoring the saved session/);
  });

  it('a refused save removes an older encrypted copy so it cannot come back', async () => {
    const { store, safeStorage } = setup();
    await store.save(session);
    safeStorage.state.available = false;
    await store.save({ ...session, token: 'newer' });
    safeStorage.state.available = true;

    expect(await store.load()).toBeNull();
  });

  it('save(null) signs out by deleting the file', async () => {
    const { store } = setup();
    await store.save(session);
    await store.save(null);
    await expect(fs.access(file)).rejects.toThrow();
    expect(await store.load()).toBeNull();
  });

  it('discards a file that cannot be decrypted (key changed) instead of crashing', async () => {
    await fs.writeFile(file, Buffer.from('garbage from another machine'));
    const { store, text } = setup();
    expect(await store.load()).toBeNull();
    expect(text('warn')).toMatch(/cannot be decrypted/);
    await expect(fs.access(file)).rejects.toThrow();
  });

  it('discards a decrypted payload that is not a valid session', async () => {
    const { store, safeStorage } = setup();
    await fs.writeFile(file, await safeStorage.encryptStringAsync(JSON.stringify({ token: '' })));
    expect(await store.load()).toBeNull();
  });

  it('re-encrypts when the OS says the key rotated', async () => {
    const { store, safeStorage } = setup({ shouldReEncrypt: true });
    await store.save(session);
    safeStorage.encryptStringAsync.mockClear();

    expect(await store.load()).toEqual(session);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
  });
});
