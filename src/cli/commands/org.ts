import { createOrganization } from '../../server/features/orgs/orgs.service.ts';
import { parse, required, UsageError } from '../args.ts';
import { withDatabase } from '../context.ts';

export const EMAIL = /^[^@\s]+@[^@\s]+$/;

export async function orgCreate(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    name: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-password': { type: 'string' },
    'admin-name': { type: 'string' },
    slug: { type: 'string' },
    locale: { type: 'string' },
  });
  const name = required(values.name, '--name').trim();
  const adminEmail = required(values['admin-email'], '--admin-email').trim();
  const adminPassword = required(values['admin-password'], '--admin-password');
  if (!EMAIL.test(adminEmail)) throw new UsageError(`--admin-email is not an e-mail address: ${adminEmail}`);
  const locale = values.locale ?? 'en';
  if (locale !== 'en' && locale !== 'zh-CN')
    throw new UsageError(`--locale must be en or zh-CN, not ${locale}`);
  return withDatabase(async ({ db }) => {
    const created = await createOrganization({
      db,
      name,
      adminEmail,
      adminPassword,
      locale,
      ...(values.slug ? { slug: values.slug } : {}),
      ...(values['admin-name'] ? { adminName: values['admin-name'] } : {}),
    });
    // Humans read stderr; stdout carries only the slug, so `SLUG=$(winpath org create ...)` works.
    console.error(
      `Organization '${created.organization.name}' created; admin ${created.admin.email} can sign in now.`,
    );
    console.log(created.organization.slug);
    return 0;
  });
}
