import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Lists every emitted file in `offline-manifest.json` so the web workspace's service worker can
 * precache the app shell and the workspace still opens with no network (the desktop loads from
 * disk and does not need this).
 */
function offlineManifest(): Plugin {
  return {
    name: 'promptly-offline-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      // Files in public/ are copied, not bundled, so they are listed from disk.
      const publicFiles = readdirSync(resolve(root, 'src-renderer/public'));
      const files = [...Object.keys(bundle), ...publicFiles]
        .filter((f) => f !== 'sw.js' && !f.endsWith('.map'))
        .sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      this.emitFile({
        type: 'asset',
        fileName: 'offline-manifest.json',
        source: JSON.stringify({ version, files }),
      });
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: {
        entry: {
          index: resolve(root, 'src-main/main/index.ts'),
          hub: resolve(root, 'src-hub/embedded.ts'),
        },
        formats: ['es'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // The sandboxed preload cannot require anything but electron: bundle everything else.
      externalizeDeps: false,
      lib: { entry: resolve(root, 'src-main/preload/index.ts'), formats: ['cjs'] },
      rolldownOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: 'index.cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [react(), offlineManifest()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-renderer/index.html'),
          sw: resolve(root, 'src-renderer/offline/service-worker.ts'),
        },
        output: {
          entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        },
      },
    },
  },
});
