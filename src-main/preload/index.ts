/**
 * The sandboxed preload: it may import only `electron` and the zod-free channel table, and it is
 * bundled to CommonJS (out/preload/index.cjs) because a sandboxed preload cannot load ESM.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildDesktopApi } from './desktop-api.ts';

contextBridge.exposeInMainWorld('desktop', buildDesktopApi(ipcRenderer));
