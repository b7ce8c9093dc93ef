import { useEffect, useSyncExternalStore } from 'react';
import { useAppStore } from './store.ts';

const query = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(cb: () => void) {
  const mq = query();
  mq.addEventListener('change', cb);
  return () => mq.removeEventListener('change', cb);
}

export function useResolvedTheme(): 'light' | 'dark' {
  const theme = useAppStore((s) => s.theme);
  const systemDark = useSyncExternalStore(subscribe, () => query().matches);
  return theme === 'system' ? (systemDark ? 'dark' : 'light') : theme;
}

/** Mirrors the theme onto <html data-theme>, where the CSS tokens switch. */
export function useApplyTheme() {
  const resolved = useResolvedTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
}
