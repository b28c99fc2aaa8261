/**
 * Renderer entry for both hosts. Whoever loads this page (Electron's preload
 * or the browser host's bridge) has installed `window.api` by its own means;
 * nothing here depends on how — ./api.ts looks it up when first used.
 */
import './zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useAppStore } from './store';
import { applyTheme } from './features/layout/theme';
import { readPersisted } from './store/persist';
import './styles/app.css';

// Before the first paint, so a dark theme does not flash white.
applyTheme(readPersisted().theme);
// Before React's first render: the session (and with it the queue's first page) is on its way meanwhile.
void useAppStore.getState().loadSession();

const root = document.getElementById('root');
if (!root) throw new Error('Reviewdesk: the page has no #root element.');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
