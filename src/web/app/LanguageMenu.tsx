// English / 简体中文. Signed in, the choice is saved on the user (PATCH /auth/me) so it follows them.
import { Button, Menu } from '@mantine/core';
import { IconCheck, IconLanguage } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyLanguage, LANGUAGES } from '../i18n/index.ts';
import { api } from '../lib/api.ts';
import { notifyError } from '../lib/errors.ts';
import { qk } from '../lib/queries.ts';
import type { Locale, Me } from '../lib/types.ts';

export function LanguageMenu({ signedIn = true }: { signedIn?: boolean }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const choose = async (lng: Locale) => {
    applyLanguage(lng);
    if (!signedIn) return;
    try {
      const me = await api.patch<Me>('/auth/me', { locale: lng });
      qc.setQueryData(qk.me, me);
    } catch (err) {
      notifyError(err, t);
    }
  };
  const current = LANGUAGES.find((l) => l.code === i18n.language) ?? LANGUAGES[0]!;
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="compact-sm"
          leftSection={<IconLanguage size={16} />}
          aria-label={`${t('language.switch')}: ${current.short}`}
          data-testid="language-menu"
        >
          {current.short}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {LANGUAGES.map((l) => (
          <Menu.Item
            key={l.code}
            lang={l.code}
            onClick={() => void choose(l.code)}
            rightSection={l.code === i18n.language ? <IconCheck size={14} /> : null}
          >
            {l.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
