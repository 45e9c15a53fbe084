import type { RouteObject } from 'react-router';
import { Layout } from './components/Layout/Layout';
import { RequireRole } from './components/RequireSession/RequireRole';
import { RequireSession } from './components/RequireSession/RequireSession';
import { SignInPage } from './pages/auth/SignInPage';
import { SignUpPage } from './pages/auth/SignUpPage';
import { DocumentPage } from './pages/documents/DocumentPage';
import { NotFoundPage } from './pages/errors/NotFoundPage';
import { RouteErrorPage } from './pages/errors/RouteErrorPage';
import { CorrectionPage } from './pages/corrections/CorrectionPage';
import { CorrectionsLayout } from './pages/corrections/CorrectionsLayout';
import { CorrectionsPage } from './pages/corrections/CorrectionsPage';
import { NewCorrectionPage } from './pages/corrections/NewCorrectionPage';
import { HomePage } from './pages/home/HomePage';
import { CorrectionQueuePage } from './pages/practice/corrections/CorrectionQueuePage';
import { PracticeCorrectionPage } from './pages/practice/corrections/PracticeCorrectionPage';
import { PatientPage } from './pages/practice/PatientPage';
import { RecordClassPage } from './pages/record/RecordClassPage';
import { RecordLayout } from './pages/record/RecordLayout';
import { RecordSummaryPage } from './pages/record/RecordSummaryPage';
import { RecordTimelinePage } from './pages/record/RecordTimelinePage';
import { SendRecordsPage } from './pages/transmissions/SendRecordsPage';
import { TransmissionPage } from './pages/transmissions/TransmissionPage';
import { TransmissionsLayout } from './pages/transmissions/TransmissionsLayout';
import { TransmissionsPage } from './pages/transmissions/TransmissionsPage';
import { ReceiveLayout } from './components/ReceiveLayout/ReceiveLayout';
import { ReceivePage } from './pages/receive/ReceivePage';
import { ActivityLayout } from './pages/activity/ActivityLayout';
import { ActivityPage } from './pages/activity/ActivityPage';
import { DisclosuresPage } from './pages/activity/DisclosuresPage';
import { PracticeAuditPage } from './pages/practice/audit/PracticeAuditPage';

/**
 * The portal's pages. URLs carry no PHI and no tokens: only an opaque patient id on the staff's patient page, an opaque document id, and a data class name.
 */
export const routes: RouteObject[] = [
  // Public: the third party a patient sent records to (no account). The link's token is in the fragment, never the path.
  {
    path: 'receive',
    element: <ReceiveLayout />,
    errorElement: <RouteErrorPage standalone />,
    children: [{ index: true, element: <ReceivePage />, errorElement: <RouteErrorPage /> }],
  },
  {
    element: <Layout />,
    errorElement: <RouteErrorPage standalone />,
    children: [
      {
        errorElement: <RouteErrorPage />,
        children: [
          {
            index: true,
            element: (
              <RequireSession>
                <HomePage />
              </RequireSession>
            ),
          },
          { path: 'sign-in', element: <SignInPage /> },
          { path: 'sign-up', element: <SignUpPage /> },
          {
            path: 'patients/:patientId',
            element: (
              <RequireSession>
                <RequireRole roles={['staff', 'admin']}>
                  <PatientPage />
                </RequireRole>
              </RequireSession>
            ),
          },
          {
            path: 'practice/corrections',
            element: (
              <RequireSession>
                <RequireRole roles={['staff', 'admin']}>
                  <CorrectionQueuePage />
                </RequireRole>
              </RequireSession>
            ),
          },
          {
            path: 'practice/corrections/:patientId/:requestId',
            element: (
              <RequireSession>
                <RequireRole roles={['staff', 'admin']}>
                  <PracticeCorrectionPage />
                </RequireRole>
              </RequireSession>
            ),
          },
          {
            path: 'documents/:documentId',
            element: (
              <RequireSession>
                <RequireRole roles={['patient']}>
                  <DocumentPage />
                </RequireRole>
              </RequireSession>
            ),
          },
          {
            path: 'corrections',
            element: (
              <RequireSession>
                <RequireRole roles={['patient']}>
                  <CorrectionsLayout />
                </RequireRole>
              </RequireSession>
            ),
            children: [
              { index: true, element: <CorrectionsPage /> },
              { path: 'new', element: <NewCorrectionPage /> },
              { path: ':requestId', element: <CorrectionPage /> },
            ],
          },
          {
            path: 'record',
            element: (
              <RequireSession>
                <RequireRole roles={['patient']}>
                  <RecordLayout />
                </RequireRole>
              </RequireSession>
            ),
            children: [
              { index: true, element: <RecordSummaryPage /> },
              { path: 'timeline', element: <RecordTimelinePage /> },
              { path: ':dataClass', element: <RecordClassPage /> },
            ],
          },
          {
            element: (
              <RequireSession>
                <RequireRole roles={['patient']}>
                  <TransmissionsLayout />
                </RequireRole>
              </RequireSession>
            ),
            children: [
              { path: 'send', element: <SendRecordsPage /> },
              { path: 'transmissions', element: <TransmissionsPage /> },
              { path: 'transmissions/:transmissionId', element: <TransmissionPage /> },
            ],
          },
          {
            path: 'activity',
            element: (
              <RequireSession>
                <RequireRole roles={['patient']}>
                  <ActivityLayout />
                </RequireRole>
              </RequireSession>
            ),
            children: [
              { index: true, element: <ActivityPage /> },
              { path: 'disclosures', element: <DisclosuresPage /> },
            ],
          },
          {
            path: 'practice/audit',
            element: (
              <RequireSession>
                <RequireRole roles={['admin']}>
                  <PracticeAuditPage />
                </RequireRole>
              </RequireSession>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
