// First: configures zod before any schema is built (see zod-setup.ts).
import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { ApiError } from './api/api-error';
import { createQueryClient } from './api/query-client';
import { App } from './App';
import { routes } from './routes';
import './styles.css';

/** Logs what kind of error happened and its request id, never its message or data (no PHI in the console). */
function logSafely(error: unknown): void {
  if (error instanceof ApiError) {
    console.error(`Portal error: ${error.code} (${error.status})${error.requestId ? `, request ${error.requestId}` : ''}`);
  } else {
    console.error(`Portal error: ${error instanceof Error ? error.name : typeof error}`);
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element.');

createRoot(container, {
  onCaughtError: logSafely,
  onUncaughtError: logSafely,
  onRecoverableError: logSafely,
}).render(
  <StrictMode>
    <App queryClient={createQueryClient()} router={createBrowserRouter(routes)} />
  </StrictMode>,
);
