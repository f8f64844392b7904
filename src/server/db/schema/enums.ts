import { pgEnum } from 'drizzle-orm/pg-core';

export const userRole = pgEnum('user_role', ['admin', 'manager', 'rep', 'presales', 'enablement', 'viewer']);
export const userStatus = pgEnum('user_status', ['active', 'deactivated']);
export const locale = pgEnum('locale', ['en', 'zh-CN']);
export const accountTier = pgEnum('account_tier', ['strategic', 'key', 'growth', 'standard']);
export const companySize = pgEnum('company_size', ['1-49', '50-249', '250-999', '1000-4999', '5000+']);
export const opportunityStatus = pgEnum('opportunity_status', ['open', 'won', 'lost', 'no_decision']);
export const forecastCategory = pgEnum('forecast_category', [
  'pipeline',
  'best_case',
  'commit',
  'closed',
  'omitted',
]);
export const activityType = pgEnum('activity_type', ['visit', 'call', 'meeting', 'demo', 'email', 'task']);
export const activityStatus = pgEnum('activity_status', ['planned', 'done', 'cancelled']);
export const funnelState = pgEnum('funnel_state', ['searching', 'in_funnel', 'best']);
