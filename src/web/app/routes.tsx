// Routes: every page is its own chunk (React.lazy), so the first load carries only the shell.
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { PageLoader } from '../components/PageLoader.tsx';
import { RequireAuth } from './RequireAuth.tsx';
import { Shell } from './Shell.tsx';

/** Each page's chunk; `preloadRoute` starts the current one while the session is still being checked. */
const pages = {
  login: () => import('../features/auth/LoginPage.tsx'),
  home: () => import('../features/home/HomePage.tsx'),
  accounts: () => import('../features/accounts/AccountsPage.tsx'),
  account: () => import('../features/accounts/AccountDetailPage.tsx'),
  contacts: () => import('../features/contacts/ContactsPage.tsx'),
  contact: () => import('../features/contacts/ContactDetailPage.tsx'),
  opportunities: () => import('../features/opportunities/OpportunitiesPage.tsx'),
  opportunity: () => import('../features/opportunities/OpportunityDetailPage.tsx'),
  board: () => import('../features/board/BoardPage.tsx'),
  activities: () => import('../features/activities/ActivitiesPage.tsx'),
  activity: () => import('../features/activities/ActivityDetailPage.tsx'),
  users: () => import('../features/admin/UsersAdminPage.tsx'),
  teams: () => import('../features/admin/TeamsAdminPage.tsx'),
  products: () => import('../features/admin/ProductsAdminPage.tsx'),
  pipelines: () => import('../features/admin/PipelinesAdminPage.tsx'),
  insights: () => import('../features/insights/InsightsPage.tsx'),
  quotas: () => import('../features/admin/QuotasAdminPage.tsx'),
  import: () => import('../features/import/ImportPage.tsx'),
  importJobs: () => import('../features/import/ImportJobsPage.tsx'),
  tool: () => import('../features/process/ToolPage.tsx'),
  recycleBin: () => import('../features/recycle/RecycleBinPage.tsx'),
  notFound: () => import('./NotFoundPage.tsx'),
};

const LoginPage = lazy(pages.login);
const HomePage = lazy(pages.home);
const AccountsPage = lazy(pages.accounts);
const AccountDetailPage = lazy(pages.account);
const ContactsPage = lazy(pages.contacts);
const ContactDetailPage = lazy(pages.contact);
const OpportunitiesPage = lazy(pages.opportunities);
const OpportunityDetailPage = lazy(pages.opportunity);
const BoardPage = lazy(pages.board);
const ActivitiesPage = lazy(pages.activities);
const ActivityDetailPage = lazy(pages.activity);
const UsersAdminPage = lazy(pages.users);
const TeamsAdminPage = lazy(pages.teams);
const ProductsAdminPage = lazy(pages.products);
const PipelinesAdminPage = lazy(pages.pipelines);
const InsightsPage = lazy(pages.insights);
const QuotasAdminPage = lazy(pages.quotas);
const ImportPage = lazy(pages.import);
const ImportJobsPage = lazy(pages.importJobs);
const ToolPage = lazy(pages.tool);
const RecycleBinPage = lazy(pages.recycleBin);
const NotFoundPage = lazy(pages.notFound);

/** Starts loading the chunk of the page at `path` (no-op for unknown paths). */
export function preloadRoute(path: string): void {
  const [, first = '', second, third] = path.split('/');
  const key: keyof typeof pages | undefined =
    first === ''
      ? 'home'
      : first === 'login'
        ? 'login'
        : first === 'board'
          ? 'board'
          : first === 'insights'
            ? 'insights'
            : first === 'tools'
              ? 'tool'
              : first === 'admin'
                ? second === 'teams'
                  ? 'teams'
                  : second === 'products'
                    ? 'products'
                    : second === 'quotas'
                      ? 'quotas'
                      : second === 'import'
                        ? third === 'jobs'
                          ? 'importJobs'
                          : 'import'
                        : 'users'
                : (['accounts', 'contacts', 'opportunities', 'activities'] as const).includes(
                      first as 'accounts',
                    )
                  ? second
                    ? (
                        {
                          accounts: 'account',
                          contacts: 'contact',
                          opportunities: 'opportunity',
                          activities: 'activity',
                        } as const
                      )[first as 'accounts']
                    : (first as 'accounts')
                  : first === 'recycle-bin'
                    ? 'recycleBin'
                    : undefined;
  if (key) void pages[key]().catch(() => undefined);
}

export function AppRoutes() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route index element={<HomePage />} />
          <Route path="board" element={<BoardPage />} />
          <Route path="opportunities" element={<OpportunitiesPage />} />
          <Route path="opportunities/:id" element={<OpportunityDetailPage />} />
          <Route path="accounts" element={<AccountsPage />} />
          <Route path="accounts/:id" element={<AccountDetailPage />} />
          <Route path="contacts" element={<ContactsPage />} />
          <Route path="contacts/:id" element={<ContactDetailPage />} />
          <Route path="activities" element={<ActivitiesPage />} />
          <Route path="activities/:id" element={<ActivityDetailPage />} />
          <Route path="admin" element={<Navigate to="/admin/users" replace />} />
          <Route path="admin/users" element={<UsersAdminPage />} />
          <Route path="admin/teams" element={<TeamsAdminPage />} />
          <Route path="admin/products" element={<ProductsAdminPage />} />
          <Route path="admin/pipelines" element={<PipelinesAdminPage />} />
          <Route path="admin/quotas" element={<QuotasAdminPage />} />
          <Route path="admin/import" element={<ImportPage />} />
          <Route path="admin/import/jobs" element={<ImportJobsPage />} />
          <Route path="insights" element={<InsightsPage />} />
          <Route path="insights/:tab" element={<InsightsPage />} />
          <Route path="tools/:slug" element={<ToolPage />} />
          <Route path="recycle-bin" element={<RecycleBinPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
