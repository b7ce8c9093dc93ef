import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { bindDocumentLanguage, i18n, I18nextProvider } from './i18n/index.ts';
import { platform } from './platform/index.ts';
import './ui/styles.css';
import './ui/layout.css';
import './ui/customer.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
bindDocumentLanguage(document);
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
void platform.enableOfflineShell();
