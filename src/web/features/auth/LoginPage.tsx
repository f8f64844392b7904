import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { LanguageMenu } from '../../app/LanguageMenu.tsx';
import { applyLanguage } from '../../i18n/index.ts';
import { api, isProblem } from '../../lib/api.ts';
import { qk, useMeQuery } from '../../lib/queries.ts';
import type { Me } from '../../lib/types.ts';
import { checkText, rules } from '../../lib/validate.ts';

/** Only same-app paths may be a `next` target (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMeQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  if (me.data) return <Navigate to={safeNext(params.get('next'))} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = {
      email: checkText(email, rules.required, rules.email) ?? undefined,
      password: checkText(password, rules.required) ?? undefined,
    };
    setErrors(next);
    if (next.email || next.password) return;
    setBusy(true);
    try {
      const signedIn = await api.post<Me>('/auth/login', { email: email.trim(), password });
      applyLanguage(signedIn.user.locale);
      qc.setQueryData(qk.me, signedIn);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      const code = isProblem(err) ? err.code : '';
      setErrors({
        form:
          code === 'invalid_credentials'
            ? t('auth.invalidCredentials')
            : isProblem(err) && err.status === 429
              ? t('auth.rateLimited')
              : isProblem(err) && err.status === 0
                ? t('errors.network')
                : (isProblem(err) && err.detail) || t('errors.generic'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center component="main" mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={1} size="h2">
                  Winpath
                </Title>
                <Text c="dimmed" size="sm">
                  {t('auth.tagline')}
                </Text>
              </div>
              <LanguageMenu signedIn={false} />
            </Group>
            <Title order={2} size="h4">
              {t('auth.signInTitle')}
            </Title>
            {errors.form && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {errors.form}
              </Alert>
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={errors.email}
              required
              autoFocus
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              required
            />
            <Button type="submit" loading={busy} fullWidth>
              {t('auth.signIn')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
