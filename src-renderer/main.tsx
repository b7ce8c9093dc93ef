import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { platform } from './platform/index.ts';
import './ui/styles.css';
import './ui/layout.css';
import './ui/customer.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void platform.enableOfflineShell();
