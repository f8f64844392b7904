import { createTheme, MantineProvider, Modal, Notification } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router';
import { ConflictProvider } from '../components/ConflictDialog.tsx';
import { MoveDialogsProvider } from '../features/opportunities/MoveDeal.tsx';
import { queryClient } from '../lib/queryClient.ts';
import { AppRoutes } from './routes.tsx';

/** The theme; close buttons of dialogs and notifications get a label in the UI language. */
function makeTheme(close: string) {
  return createTheme({
    primaryColor: 'blue',
    // Shade 8 keeps white-on-blue buttons and blue links above WCAG AA contrast.
    primaryShade: { light: 8, dark: 7 },
    defaultRadius: 'md',
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
    components: {
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': close } } }),
      Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': close } } }),
    },
  });
}

export function App() {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the label changes with the language
  const theme = useMemo(() => makeTheme(t('common.close')), [i18n.language]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" limit={4} />
      <QueryClientProvider client={queryClient}>
        <ConflictProvider>
          <MoveDialogsProvider>
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </MoveDialogsProvider>
        </ConflictProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
