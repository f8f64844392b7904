// The responsive frame: header with burger (phones), navigation, language and user menus; pages render
// in the main area, each loaded on demand.
import {
  AppShell,
  Avatar,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconAddressBook,
  IconBuilding,
  IconCalendarEvent,
  IconChartBar,
  IconChevronDown,
  IconFileImport,
  IconFilter,
  IconHome,
  IconLayoutKanban,
  IconLogout,
  IconPackage,
  IconReportMoney,
  IconTargetArrow,
  IconTrash,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoader } from '../components/PageLoader.tsx';
import { api } from '../lib/api.ts';
import { clearSessionHint } from '../lib/session.ts';
import { LanguageMenu } from './LanguageMenu.tsx';
import { useMe } from './RequireAuth.tsx';

function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="#1c7ed6" />
        <path
          d="M6 9l4.5 14L16 12l5.5 11L26 9"
          fill="none"
          stroke="#fff"
          strokeWidth="3"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      <Text fw={700} size="lg">
        Winpath
      </Text>
    </Group>
  );
}

export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const navigate = useNavigate();
  const qc = useQueryClient();

  const links = [
    { to: '/', label: t('nav.home'), icon: IconHome, exact: true },
    { to: '/board', label: t('nav.board'), icon: IconLayoutKanban },
    { to: '/insights', label: t('nav.insights'), icon: IconChartBar },
    { to: '/opportunities', label: t('nav.opportunities'), icon: IconTargetArrow },
    { to: '/accounts', label: t('nav.accounts'), icon: IconBuilding },
    { to: '/contacts', label: t('nav.contacts'), icon: IconAddressBook },
    { to: '/activities', label: t('nav.activities'), icon: IconCalendarEvent },
  ];
  const adminLinks = [
    { to: '/admin/users', label: t('nav.users'), icon: IconUsers },
    { to: '/admin/teams', label: t('nav.teams'), icon: IconUsersGroup },
    { to: '/admin/products', label: t('nav.products'), icon: IconPackage },
    { to: '/admin/pipelines', label: t('nav.pipelines'), icon: IconFilter },
    { to: '/admin/quotas', label: t('nav.quotas'), icon: IconReportMoney },
    { to: '/admin/import', label: t('nav.import'), icon: IconFileImport },
  ];
  const isActive = (to: string, exact?: boolean) =>
    exact ? location.pathname === to : location.pathname === to || location.pathname.startsWith(`${to}/`);

  const signOut = async () => {
    try {
      await api.post('/auth/logout');
    } finally {
      clearSessionHint();
      qc.clear();
      qc.setQueryData(['me'], null);
      navigate('/login', { replace: true });
    }
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'md' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('nav.closeNav') : t('nav.openNav')}
            />
            <UnstyledButton component={Link} to="/" aria-label={`Winpath · ${t('nav.home')}`}>
              <Logo />
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageMenu />
            <Menu position="bottom-end" width={220}>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu" title={t('nav.userMenu')}>
                  <Group gap={6} wrap="nowrap">
                    <Avatar size="sm" color="blue" radius="xl" aria-hidden>
                      {me.user.name.slice(0, 1)}
                    </Avatar>
                    <Text size="sm" className="wp-clamp-1" maw={160} visibleFrom="sm">
                      {me.user.name}
                    </Text>
                    <VisuallyHidden hiddenFrom="sm">{me.user.name}</VisuallyHidden>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.user.name}
                  <br />
                  {me.user.email} · {t(`enums.role.${me.user.role}`)}
                </Menu.Label>
                <Menu.Label>{me.organization.name}</Menu.Label>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
                  {t('auth.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('nav.mainNav')}>
        <AppShell.Section grow component={ScrollArea}>
          {links.map((l) => (
            <NavLink
              key={l.to}
              component={Link}
              to={l.to}
              label={l.label}
              leftSection={<l.icon size={18} stroke={1.6} />}
              active={isActive(l.to, l.exact)}
              onClick={close}
            />
          ))}
          {me.user.role === 'admin' && (
            <>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" mt="md" mb={4} px="sm">
                {t('nav.admin')}
              </Text>
              {adminLinks.map((l) => (
                <NavLink
                  key={l.to}
                  component={Link}
                  to={l.to}
                  label={l.label}
                  leftSection={<l.icon size={18} stroke={1.6} />}
                  active={isActive(l.to)}
                  onClick={close}
                />
              ))}
            </>
          )}
        </AppShell.Section>
        <AppShell.Section>
          <NavLink
            component={Link}
            to="/recycle-bin"
            label={t('nav.recycleBin')}
            leftSection={<IconTrash size={18} stroke={1.6} />}
            active={isActive('/recycle-bin')}
            onClick={close}
          />
          <Text size="xs" c="dimmed" px="sm" py={4} className="wp-clamp-1">
            {me.organization.name}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
