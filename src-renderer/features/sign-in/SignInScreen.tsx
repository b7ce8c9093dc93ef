import { useState, type FormEvent } from 'react';
import { LogoMark } from '../../ui/icons.tsx';
import { useTranslation } from '../../i18n/index.ts';

export interface SignInScreenProps {
  notice: string | null;
  onSignIn: (credentials: { email: string; password: string }) => Promise<void>;
  describeError: (error: unknown) => string;
}

export function SignInScreen({ notice, onSignIn, describeError }: SignInScreenProps) {
  const { t } = useTranslation('signIn');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSignIn({ email, password });
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  const message = error ?? notice;
  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="brand">
          <LogoMark />
          <span>Promptly</span>
        </div>
        <div>
          <h1 id="signin-title">{t('title')}</h1>
          <p>{t('tagline')}</p>
        </div>
        {message && (
          <div className="signin-error" role="alert">
            {message}
          </div>
        )}
        <div className="field">
          <label htmlFor="signin-email">{t('email')}</label>
          <input
            id="signin-email"
            className="input"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="signin-password">{t('password')}</label>
          <input
            id="signin-password"
            className="input"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('busy') : t('submit')}
        </button>
      </form>
    </main>
  );
}
