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

/**
 * The portal's pages. URLs carry no PHI and no tokens: only an opaque patient id on the staff's patient page, an opaque document id, and a data class name.
 */
export const routes: RouteObject[] = [
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
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];
