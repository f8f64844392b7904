import { ThemeIcon } from '@mantine/core';
import {
  IconCalendarEvent,
  IconChecklist,
  IconDeviceDesktop,
  IconMail,
  IconMapPin,
  IconPhone,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ActivityType } from '../../lib/types.ts';

const ICONS = {
  visit: IconMapPin,
  call: IconPhone,
  meeting: IconUsersGroup,
  demo: IconDeviceDesktop,
  email: IconMail,
  task: IconChecklist,
} as const;
const COLORS = {
  visit: 'blue',
  call: 'teal',
  meeting: 'grape',
  demo: 'orange',
  email: 'gray',
  task: 'yellow',
} as const;

export function ActivityIcon({ type, size = 28 }: { type: ActivityType; size?: number }) {
  const Icon = ICONS[type] ?? IconCalendarEvent;
  return (
    <ThemeIcon variant="light" color={COLORS[type] ?? 'gray'} size={size} radius="xl">
      <Icon size={size * 0.6} />
    </ThemeIcon>
  );
}
