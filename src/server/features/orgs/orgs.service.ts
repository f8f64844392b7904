import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { fieldError } from '../../../core/field-errors.ts';
import { EIGHT_STEP_PROCESS, type ProcessTemplate } from '../../../core/process-templates.ts';
import { SLUG_PATTERN, slugify } from '../../../core/slug.ts';
import { hashPassword } from '../../auth/secrets.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { milestoneCriteria, organizations, pipelineStages, pipelines, users } from '../../db/schema/index.ts';
import { DomainError } from '../../http/errors.ts';
import { writeAudit } from '../audit/audit.service.ts';

export type NewOrganization = {
  organization: { id: string; slug: string; name: string };
  admin: { id: string; email: string };
  pipelineId: string;
};

/** Picks a free slug: the requested one (must be free), or one derived from the name with a numeric suffix. */
async function freeSlug(tx: DbOrTx, name: string, requested?: string): Promise<string> {
  if (requested) {
    if (!SLUG_PATTERN.test(requested))
      throw new DomainError(
        422,
        'validation_failed',
        'The slug may use a-z, 0-9 and hyphens (2-63 characters).',
        {
          errors: [fieldError('slug', 'slug_invalid')],
        },
      );
    const taken = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, requested));
    if (taken.length)
      throw new DomainError(409, 'duplicate', `The slug ${requested} is taken.`, {
        errors: [fieldError('slug', 'in_use')],
      });
    return requested;
  }
  const base = slugify(name);
  for (let i = 0; i < 50; i++) {
    const candidate = i === 0 && base !== 'org' ? base : `${base}-${randomBytes(3).toString('hex')}`;
    const taken = await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.slug, candidate));
    if (!taken.length) return candidate;
  }
  throw new Error('could not find a free organization slug');
}

/**
 * Creates a funnel model from a built-in template: its names in both languages, ordered stages with their
 * buyer steps, funnel states, guidance, tools and milestone criteria. A name given by the caller replaces
 * both template names (a Chinese name that no longer matches it would mislead), unless `nameZh` comes too.
 */
export async function createPipelineFromTemplate(
  tx: DbOrTx,
  orgId: string,
  tpl: ProcessTemplate,
  opts: { isDefault: boolean; name?: string; nameZh?: string | null },
): Promise<string> {
  const [p] = await tx
    .insert(pipelines)
    .values({
      orgId,
      name: opts.name ?? tpl.nameEn,
      nameZh: opts.nameZh !== undefined ? opts.nameZh?.trim() || null : opts.name ? null : tpl.nameZh,
      isDefault: opts.isDefault,
    })
    .returning({ id: pipelines.id });
  const pipelineId = p!.id;
  const stages = await tx
    .insert(pipelineStages)
    .values(
      tpl.stages.map((s, i) => ({
        orgId,
        pipelineId,
        position: i + 1,
        nameEn: s.nameEn,
        nameZh: s.nameZh,
        probability: s.probability,
        buyerStepEn: s.buyerStepEn,
        buyerStepZh: s.buyerStepZh,
        funnelState: s.funnelState,
        expectedDays: s.expectedDays,
        guidanceEn: s.guidanceEn || null,
        guidanceZh: s.guidanceZh || null,
        tools: s.tools,
      })),
    )
    .returning({ id: pipelineStages.id, position: pipelineStages.position });
  const criteria = tpl.stages.flatMap((s, i) =>
    s.criteria.map((c, j) => ({
      orgId,
      pipelineId,
      stageId: stages.find((x) => x.position === i + 1)!.id,
      position: j + 1,
      labelEn: c.labelEn,
      labelZh: c.labelZh,
      hintEn: c.hintEn,
      hintZh: c.hintZh,
      kind: c.kind,
      config: c.config ?? {},
      requiresConfirmation: c.requiresConfirmation ?? false,
    })),
  );
  if (criteria.length) await tx.insert(milestoneCriteria).values(criteria);
  return pipelineId;
}

/** The default funnel model of a new organization: the 8-step buyer-aligned process. */
export const createDefaultPipeline = (tx: DbOrTx, orgId: string) =>
  createPipelineFromTemplate(tx, orgId, EIGHT_STEP_PROCESS, { isDefault: true });

/** A new tenant: the organization, its first admin, and the default sales process. One transaction. */
export async function createOrganization(opts: {
  db: Db;
  name: string;
  slug?: string;
  adminEmail: string;
  adminPassword: string;
  adminName?: string;
  currency?: string;
  /** The first admin's language (the default pipeline is named in both, as its stages are). */
  locale?: 'en' | 'zh-CN';
}): Promise<NewOrganization> {
  if (opts.adminPassword.length < 10)
    throw new DomainError(422, 'validation_failed', 'The admin password needs at least 10 characters.', {
      errors: [fieldError('adminPassword', 'too_short', { minimum: 10 })],
    });
  const passwordHash = await hashPassword(opts.adminPassword);
  return opts.db.transaction(async (tx) => {
    const slug = await freeSlug(tx, opts.name, opts.slug);
    const [org] = await tx
      .insert(organizations)
      .values({ name: opts.name, slug, defaultCurrency: opts.currency ?? 'CNY' })
      .returning({ id: organizations.id, slug: organizations.slug, name: organizations.name });
    const email = opts.adminEmail.trim().toLowerCase();
    const [admin] = await tx
      .insert(users)
      .values({
        orgId: org!.id,
        email,
        name: opts.adminName ?? email.split('@')[0]!,
        role: 'admin',
        passwordHash,
        locale: opts.locale ?? 'en',
      })
      .returning({ id: users.id });
    const pipelineId = await createDefaultPipeline(tx, org!.id);
    await writeAudit(tx, {
      orgId: org!.id,
      actorId: null,
      event: 'org_created',
      detail: { slug, admin: email },
    });
    return { organization: org!, admin: { id: admin!.id, email }, pipelineId };
  });
}
