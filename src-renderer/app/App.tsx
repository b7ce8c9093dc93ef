import { useEffect, useState } from 'react';
import { SignInScreen } from '../features/sign-in/index.ts';
import { DbContext } from '../data/db-context.tsx';
import {
  activeDb,
  activeLive,
  describeError,
  resume,
  sendMutation,
  signIn,
  signOut,
} from './session.ts';
import { LiveContext } from '../data/live-context.tsx';
import { MutateContext } from '../data/mutate-context.tsx';
import { useAppStore } from './store.ts';
import { useApplyTheme } from './theme.ts';
import { Workspace } from './Workspace.tsx';

export function App() {
  useApplyTheme();
  const session = useAppStore((s) => s.session);
  const notice = useAppStore((s) => s.signedOutReason);
  const [booting, setBooting] = useState(true);
  const [bootError, setBootError] = useState<string | null>(null);

  useEffect(() => {
    resume().then(
      () => setBooting(false),
      (error: unknown) => {
        setBootError(describeError(error));
        setBooting(false);
      },
    );
  }, []);

  if (booting) return <div className="placeholder" aria-busy="true" />;
  const db = activeDb();
  const live = activeLive();
  if (!session || !db || !live) {
    return (
      <SignInScreen
        notice={notice ?? bootError}
        onSignIn={(credentials) => signIn(credentials)}
        describeError={describeError}
      />
    );
  }
  return (
    <DbContext.Provider value={db}>
      <MutateContext.Provider value={sendMutation}>
        <LiveContext.Provider value={live}>
          <Workspace onSignOut={() => void signOut(null)} />
        </LiveContext.Provider>
      </MutateContext.Provider>
    </DbContext.Provider>
  );
}
