import type { MySubmissionsQuery, ReportRowFragment, ReportsPageQuery, SearchPageQuery, SettingsQuery } from '../gql/graphql.js';
import { SettingsPage, SignInPage, SignUpPage, type FormProblem } from './account-pages.js';
import { DashboardPage, PluginDashboardPage, type DashboardMe, type PluginDashboardData } from './dashboard-page.js';
import { DevicePage, type DeviceGrant } from './device-page.js';
import { ErrorPage, NotFoundPage, PluginPage, type PluginData } from './plugin-page.js';
import { ReportFiledPage, ReportFormPage, ReportStatusPage, ReportsPage } from './report-pages.js';
import { SearchPage } from './search-page.js';
import { isStaffPage, StaffPage, type StaffPageData } from './staff-pages.js';
import type { SearchState } from './search-params.js';
import type { PluginViewer } from './viewer-controls.js';
import { SubmissionPage, SubmissionsPage, SubmitPage, type SubmissionPageProps, type SubmitPageProps } from './submit-pages.js';

/** What a page is rendered from: the server puts it in the HTML, the browser hydrates from the same value. */
export type Page =
  | { kind: 'search'; state: SearchState; data: SearchPageQuery }
  | { kind: 'plugin'; plugin: PluginData; reviewsAfter: string; usedByAfter: string; viewer?: PluginViewer }
  | { kind: 'not-found'; id: string }
  | { kind: 'error'; message: string }
  | { kind: 'sign-up'; csrf: string; values: Record<string, string>; problem?: FormProblem }
  | { kind: 'sign-in'; csrf: string; login: string; next: string; problem?: FormProblem }
  | { kind: 'settings'; csrf: string; me: NonNullable<SettingsQuery['me']>; created?: { key: string; name: string }; problem?: FormProblem }
  | { kind: 'dashboard'; me: DashboardMe }
  | { kind: 'plugin-dashboard'; data: PluginDashboardData }
  | StaffPageData
  | { kind: 'device'; csrf: string; userCode: string; grant?: DeviceGrant; outcome?: 'approved' | 'denied'; problem?: FormProblem }
  | ({ kind: 'submit' } & SubmitPageProps)
  | { kind: 'submissions'; data: MySubmissionsQuery }
  | ({ kind: 'submission' } & SubmissionPageProps)
  | { kind: 'report-form'; pluginId: string; csrf: string; values: Record<string, string>; problem?: FormProblem }
  | { kind: 'report-filed'; report: ReportRowFragment; statusUrl: string | null }
  | { kind: 'report-status'; report: ReportRowFragment }
  | { kind: 'reports'; data: ReportsPageQuery; csrf: string; problem?: FormProblem };

export function App({ page, load }: { page: Page; load?: (state: SearchState) => Promise<SearchPageQuery> }) {
  if (isStaffPage(page)) return <StaffPage page={page} />;
  switch (page.kind) {
    case 'search':
      return <SearchPage state={page.state} data={page.data} load={load} />;
    case 'plugin':
      return <PluginPage plugin={page.plugin} reviewsAfter={page.reviewsAfter} usedByAfter={page.usedByAfter} viewer={page.viewer} />;
    case 'not-found':
      return <NotFoundPage id={page.id} />;
    case 'error':
      return <ErrorPage message={page.message} />;
    case 'sign-up':
      return <SignUpPage csrf={page.csrf} values={page.values} problem={page.problem} />;
    case 'sign-in':
      return <SignInPage csrf={page.csrf} login={page.login} next={page.next} problem={page.problem} />;
    case 'settings':
      return <SettingsPage csrf={page.csrf} me={page.me} created={page.created} problem={page.problem} />;
    case 'dashboard':
      return <DashboardPage me={page.me} />;
    case 'plugin-dashboard':
      return <PluginDashboardPage data={page.data} />;
    case 'device':
      return <DevicePage csrf={page.csrf} userCode={page.userCode} grant={page.grant} outcome={page.outcome} problem={page.problem} />;
    case 'submit':
      return <SubmitPage {...page} />;
    case 'submissions':
      return <SubmissionsPage data={page.data} />;
    case 'submission':
      return <SubmissionPage {...page} />;
    case 'report-form':
      return <ReportFormPage pluginId={page.pluginId} csrf={page.csrf} values={page.values} problem={page.problem} />;
    case 'report-filed':
      return <ReportFiledPage report={page.report} statusUrl={page.statusUrl} />;
    case 'report-status':
      return <ReportStatusPage report={page.report} />;
    case 'reports':
      return <ReportsPage data={page.data} csrf={page.csrf} problem={page.problem} />;
  }
}

/** The id of the element holding the page's data as JSON. */
export const PAGE_DATA_ID = 'page-data';
