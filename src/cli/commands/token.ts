import { and, eq, isNull, sql } from 'drizzle-orm';
import { users } from '../../server/db/schema/index.ts';
import { createToken } from '../../server/features/auth/auth.service.ts';
import { DomainError } from '../../server/http/errors.ts';
import { parse, required } from '../args.ts';
import { findOrganization, withDatabase } from '../context.ts';

export async function tokenCreate(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    org: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
  });
  const slug = required(values.org, '--org').trim();
  const email = required(values.email, '--email').trim().toLowerCase();
  const name = values.name?.trim() || 'cli';
  return withDatabase(async ({ db }) => {
    const org = await findOrganization(db, slug);
    const [user] = await db
      .select({ id: users.id, status: users.status })
      .from(users)
      .where(and(eq(users.orgId, org.id), sql`lower(${users.email}) = ${email}`, isNull(users.deletedAt)));
    if (!user)
      throw new DomainError(404, 'not_found', `No user with the e-mail ${email} in organization '${slug}'.`);
    if (user.status !== 'active')
      throw new DomainError(
        409,
        'user_deactivated',
        `The user ${email} is deactivated; reactivate them first.`,
      );
    const token = await createToken({ db, orgId: org.id, userId: user.id, name, actorId: null });
    console.error(
      `API token '${name}' created for ${email} in '${slug}' (${token.prefix}…). Store it now: it is not shown again.`,
    );
    console.log(token.token);
    return 0;
  });
}
