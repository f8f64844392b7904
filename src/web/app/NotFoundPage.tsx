import { Button, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" mt="xl" gap="sm">
      <Title order={2}>{t('app.notFoundTitle')}</Title>
      <Text c="dimmed">{t('app.notFoundText')}</Text>
      <Button component={Link} to="/">
        {t('app.backHome')}
      </Button>
    </Stack>
  );
}
