import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import './i18n/index.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { prefetchStartup } from './app/prefetch.ts';
import { queryClient } from './lib/queryClient.ts';

prefetchStartup(queryClient, window.location);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
