import { eq } from 'drizzle-orm';
import type { Db } from '../../server/db/client.ts';
import { organizations } from '../../server/db/schema/index.ts';
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  DEMO_SLUG,
  generateDemo,
} from '../../server/features/demo/demo.service.ts';
import { generateLargeDemo } from '../../server/features/demo/demo-large.service.ts';
import { createOrganization } from '../../server/features/orgs/orgs.service.ts';
import { parse, UsageError } from '../args.ts';
import { findOrganization, fmt, withDatabase } from '../context.ts';

async function slugFree(db: Db, slug: string): Promise<boolean> {
  const rows = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(eq(organizations.slug, slug));
  return rows.length === 0;
}

export async function demo(argv: string[]): Promise<number> {
  const { values } = parse(argv, { scale: { type: 'string' }, org: { type: 'string' } });
  const scale = values.scale ?? 'small';
  if (scale !== 'small' && scale !== 'large')
    throw new UsageError(`--scale must be small or large, not ${scale}`);
  return withDatabase(async ({ db }) => {
    const now = new Date();
    let org: { id: string; slug: string };
    let signIn: string | undefined;
    if (values.org) {
      org = await findOrganization(db, values.org);
    } else {
      const wanted = scale === 'small' ? DEMO_SLUG : 'demo-large';
      const slug = (await slugFree(db, wanted)) ? wanted : undefined;
      const email = scale === 'small' ? DEMO_EMAIL : 'admin@demo-large.winpath.dev';
      const created = await createOrganization({
        db,
        name: scale === 'small' ? 'Winpath Demo 演示公司' : 'Winpath Demo Large',
        ...(slug ? { slug } : {}),
        adminEmail: email,
        adminPassword: DEMO_PASSWORD,
        adminName: 'Demo Admin',
      });
      org = created.organization;
      signIn = `${email} / ${DEMO_PASSWORD}`;
      console.log(`Organization '${org.slug}' created.`);
    }
    if (scale === 'small') {
      const r = await generateDemo({ db, orgId: org.id, now });
      console.log(
        `Demo data added to '${org.slug}': ${r.users} users, ${r.accounts} accounts, ${r.contacts} contacts, ` +
          `${r.opportunities} opportunities, ${r.activities} activities.`,
      );
    } else {
      console.log(`Generating the large demo into '${org.slug}' (a few minutes)...`);
      const r = await generateLargeDemo({ db, orgId: org.id, now, onProgress: (line) => console.log(line) });
      console.log(
        `Large demo added to '${org.slug}' in ${r.seconds.toFixed(1)} s: ${fmt(r.users)} users, ${fmt(r.teams)} teams, ` +
          `${fmt(r.accounts)} accounts, ${fmt(r.contacts)} contacts, ${fmt(r.opportunities)} opportunities, ` +
          `${fmt(r.stageChanges)} stage changes, ${fmt(r.stagePeriods)} stage periods, ${fmt(r.activities)} activities.`,
      );
    }
    if (signIn) console.log(`Sign in as ${signIn} (organization ${org.slug}).`);
    return 0;
  });
}
