import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The page for an address that leads nowhere; `text` says why where the caller knows better. */
export default function NotFoundPage({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <Stack align="center" mt="xl" gap="sm">
      <Title order={2}>{t('app.notFoundTitle')}</Title>
      <Text c="dimmed">{text ?? t('app.notFoundText')}</Text>
      <Button component={Link} to="/">
        {t('app.backHome')}
      </Button>
    </Stack>
  );
}
