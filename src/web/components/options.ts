// Option lists for selects and filters, translated.
import type { TFunction } from 'i18next';
import type { User } from '../lib/types.ts';

export function ownerOptions(users: readonly User[], t: TFunction, withMe = true) {
  return [
    ...(withMe ? [{ value: 'me', label: t('common.me') }] : []),
    ...users.filter((u) => u.status === 'active').map((u) => ({ value: u.id, label: u.name })),
  ];
}

/** Options for an enum, labelled through `enums.<group>.<value>`. */
export function enumOptions<V extends string>(
  values: readonly V[],
  group: 'tier' | 'size' | 'status' | 'forecast' | 'activityType' | 'activityStatus' | 'role' | 'userStatus',
  t: TFunction,
) {
  return values.map((v) => ({ value: v, label: t(`enums.${group}.${v}` as never) as string }));
}
