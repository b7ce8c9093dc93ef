import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { dirname } from 'node:path';

/** The slice of node:fs/promises the file-backed stores use; tests pass a wrapper that fails on cue. */
export type FileSystem = Pick<typeof nodeFs, 'readFile' | 'open' | 'rename' | 'rm' | 'mkdir'>;

export const realFileSystem: FileSystem = nodeFs;

/**
 * Replaces `path` so a reader sees either the old bytes or the new ones, never half a file: write a
 * sibling temp file, fsync it, then rename over the target (atomic on the same volume). A crash or a
 * full disk leaves the previous file untouched.
 */
export async function writeFileAtomic(
  fs: FileSystem,
  path: string,
  data: string | Uint8Array,
): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    // 0o600: the session file holds a (encrypted) token, and settings are nobody else's business.
    const handle = await fs.open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** The file's bytes, or null when it does not exist (any other error is real and propagates). */
export async function readFileIfExists(fs: FileSystem, path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if (isErrnoException(err) && err.code === 'ENOENT') return null;
    throw err;
  }
}

export function isErrnoException(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string';
}
