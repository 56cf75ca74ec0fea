import { createBrowserRouter } from 'react-router';
import { AlertPage } from '../features/alerts/AlertPage.tsx';
import { AlertsPage } from '../features/alerts/AlertsPage.tsx';
import { RulesPage } from '../features/alerts/RulesPage.tsx';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { HomeRedirect } from '../features/auth/HomeRedirect.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { RequireAuth, RequirePermission } from '../features/auth/RequireAuth.tsx';
import { ClientCreatePage } from '../features/clients/ClientCreatePage.tsx';
import { ClientListPage } from '../features/clients/ClientListPage.tsx';
import { ClientProfilePage } from '../features/clients/ClientProfilePage.tsx';
import { DuplicatesPage } from '../features/duplicates/DuplicatesPage.tsx';
import { MergePage } from '../features/duplicates/MergePage.tsx';
import { ImportPage } from '../features/imports/ImportPage.tsx';
import { GuaranteeCirclesPage } from '../features/risk/GuaranteeCirclesPage.tsx';
import { RequiredDocumentsPage } from '../features/settings/RequiredDocumentsPage.tsx';
import { AppShell } from '../features/shell/AppShell.tsx';
import { ProfilesNeedingUpdatePage } from '../features/tasks/ProfilesNeedingUpdatePage.tsx';
import { TasksPage } from '../features/tasks/TasksPage.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { NotFoundPage } from '../ui/ResultPages.tsx';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppShell />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: 'clients',
        element: (
          <RequirePermission permission="client.read">
            <ClientListPage />
          </RequirePermission>
        ),
      },
      {
        path: 'clients/new',
        element: (
          <RequirePermission permission="client.create">
            <ClientCreatePage />
          </RequirePermission>
        ),
      },
      {
        path: 'clients/:id',
        element: (
          <RequirePermission permission="client.read">
            <ClientProfilePage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission permission="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: 'users',
        element: (
          <RequirePermission permission="user.admin">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: 'settings/required-documents',
        element: (
          <RequirePermission permission="user.admin">
            <RequiredDocumentsPage />
          </RequirePermission>
        ),
      },
      { path: 'tasks', element: <TasksPage /> },
      {
        path: 'profiles/needing-update',
        element: (
          <RequirePermission permission="client.read">
            <ProfilesNeedingUpdatePage />
          </RequirePermission>
        ),
      },
      {
        path: 'imports',
        element: (
          <RequirePermission permission={['client.create', 'transaction.ingest']}>
            <ImportPage />
          </RequirePermission>
        ),
      },
      {
        path: 'duplicates',
        element: (
          <RequirePermission permission="client.read">
            <DuplicatesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'duplicates/merge',
        element: (
          <RequirePermission permission="client.read">
            <MergePage />
          </RequirePermission>
        ),
      },
      {
        path: 'guarantee-circles',
        element: (
          <RequirePermission permission="guarantee.monitor">
            <GuaranteeCirclesPage />
          </RequirePermission>
        ),
      },
      {
        path: 'alerts',
        element: (
          <RequirePermission permission="alert.read">
            <AlertsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'alerts/:id',
        element: (
          <RequirePermission permission="alert.read">
            <AlertPage />
          </RequirePermission>
        ),
      },
      {
        path: 'rules',
        element: (
          <RequirePermission permission="rule.read">
            <RulesPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
