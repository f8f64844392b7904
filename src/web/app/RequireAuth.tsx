// The auth guard: resolves the session (GET /auth/me), sends strangers to /login?next=…, and applies the
// signed-in user's remembered language.
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { applyLanguage } from '../i18n/index.ts';
import { setUnauthenticatedHandler } from '../lib/api.ts';
import { qk, useMeQuery } from '../lib/queries.ts';
import { clearSessionHint } from '../lib/session.ts';
import type { Me } from '../lib/types.ts';

const MeContext = createContext<Me | null>(null);

/** The signed-in user and organization (only inside RequireAuth). */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside RequireAuth');
  return me;
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMeQuery();
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      clearSessionHint();
      qc.setQueryData(qk.me, null);
    });
  }, [qc]);

  const locale = me.data?.user.locale;
  useEffect(() => {
    if (locale) applyLanguage(locale);
  }, [locale]);

  if (me.isPending)
    return (
      <Center h="100dvh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  if (me.isError)
    return (
      <Center h="100dvh">
        <Stack align="center">
          <Text>{t('errors.network')}</Text>
          <Button onClick={() => void me.refetch()}>{t('common.retry')}</Button>
          <Button variant="subtle" onClick={() => navigate('/login')}>
            {t('auth.signIn')}
          </Button>
        </Stack>
      </Center>
    );
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}
