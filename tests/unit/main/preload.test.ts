import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcContract, ipcEvents } from '#shared/contracts/ipc.ts';
import { ipcEventChannels, ipcInvokeChannels } from '#shared/contracts/ipc-channels.ts';
import type { createFakeContextBridge, FakeIpcRenderer } from './fakes/electron.ts';

vi.mock('electron', async () => {
  const fakes = await import('./fakes/electron.ts');
  return {
    contextBridge: fakes.createFakeContextBridge(),
    ipcRenderer: new fakes.FakeIpcRenderer(),
  };
});

let contextBridge: ReturnType<typeof createFakeContextBridge>;
let ipcRenderer: FakeIpcRenderer;
let desktop: Record<string, (...args: unknown[]) => unknown>;

beforeAll(async () => {
  const electron = (await import('electron')) as unknown as {
    contextBridge: typeof contextBridge;
    ipcRenderer: FakeIpcRenderer;
  };
  ({ contextBridge, ipcRenderer } = electron);
  await import('../../../src-main/preload/index.ts');
  desktop = contextBridge.exposed.get('desktop') as typeof desktop;
});

describe('preload', () => {
  it('exposes window.desktop once, and nothing else', () => {
    expect(contextBridge.calls).toEqual(['desktop']);
    expect([...contextBridge.exposed.keys()]).toEqual(['desktop']);
  });

  it('has exactly one method per invoke channel and per event channel of the contract', () => {
    const expected = [
      ...Object.values(ipcContract).map((c) => c.method),
      ...Object.keys(ipcEvents).map((e) => ipcEventChannels[e as keyof typeof ipcEventChannels]),
    ].sort();
    expect(Object.keys(desktop).sort()).toEqual(expected);
    for (const value of Object.values(desktop)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or its methods', () => {
    const values = Object.values(desktop) as unknown[];
    expect(values).not.toContain(ipcRenderer);
    expect(values).not.toContain(ipcRenderer.invoke);
    expect(Object.isFrozen(desktop)).toBe(true);
  });

  it.each(Object.entries(ipcInvokeChannels))(
    '%s is invoked by desktop.%s',
    async (channel, method) => {
      ipcRenderer.invoke.mockClear();
      ipcRenderer.invoke.mockResolvedValueOnce({ answer: channel });
      await expect(desktop[method]!('arg-1', { n: 2 })).resolves.toEqual({ answer: channel });
      expect(ipcRenderer.invoke).toHaveBeenCalledWith(channel, 'arg-1', { n: 2 });
    },
  );

  it('subscribe passes only the payload and returns an unsubscribe that removes the listener', () => {
    const seen: unknown[][] = [];
    const off = desktop['onHubConnectionChanged']!((...args: unknown[]) =>
      seen.push(args),
    ) as () => void;
    expect(ipcRenderer.listenerCount('hub:connection-changed')).toBe(1);

    const payload = { url: 'http://127.0.0.1:5000', embedded: true, state: 'ready', error: null };
    ipcRenderer.receive('hub:connection-changed', payload);
    expect(seen).toEqual([[payload]]);

    off();
    expect(ipcRenderer.listenerCount('hub:connection-changed')).toBe(0);
    ipcRenderer.receive('hub:connection-changed', payload);
    expect(seen).toHaveLength(1);
  });

  it('each subscription is independent', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = desktop['onNotificationClicked']!(a) as () => void;
    const offB = desktop['onNotificationClicked']!(b) as () => void;
    offA();
    ipcRenderer.receive('notify:clicked', { conversationId: 'c1' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ conversationId: 'c1' });
    offB();
  });

  it('rejects a subscribe without a listener function', () => {
    expect(() => desktop['onNotificationClicked']!('nope')).toThrow(TypeError);
  });
});
