import { join } from 'node:path';

/**
 * Where electron-vite puts the pieces main needs at runtime, relative to the built main bundle
 * (out/main/index.js). Kept in one place so a change to electron.vite.config.ts is a one-line fix.
 */
export function builtPaths(mainDir: string): { preload: string; renderer: string; hub: string } {
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    renderer: join(mainDir, '..', 'renderer'),
    hub: join(mainDir, 'hub.js'),
  };
}
