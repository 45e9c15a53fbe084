import type {
  AccountLink,
  DocumentSummary,
  IssuedInvitation,
  LinkPracticeInput,
  Me,
  Page,
  PracticePatient,
  RegisteredPatient,
  RegisterPatientInput,
} from '../domain';
import { authorizedRequest } from './client';
import { queryString } from './http';

export interface PageParams {
  limit: number;
  cursor?: string | undefined;
}

/** The protected endpoints, typed with the shared response types. */
export const portalApi = {
  getMe: (signal?: AbortSignal) => authorizedRequest<Me>('/api/me', { signal }),
  linkPractice: (input: LinkPracticeInput) => authorizedRequest<AccountLink>('/api/me/links', { method: 'POST', body: input }),
  listMyDocuments: (page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<DocumentSummary>>(`/api/me/documents${queryString({ limit: page.limit, cursor: page.cursor })}`, { signal }),
  listPracticePatients: (page: PageParams, signal?: AbortSignal) =>
    authorizedRequest<Page<PracticePatient>>(`/api/practice/patients${queryString({ limit: page.limit, cursor: page.cursor })}`, {
      signal,
    }),
  registerPatient: (input: RegisterPatientInput) =>
    authorizedRequest<RegisteredPatient>('/api/practice/patients', { method: 'POST', body: input }),
  getPracticePatient: (patientId: string, signal?: AbortSignal) =>
    authorizedRequest<PracticePatient>(`/api/practice/patients/${encodeURIComponent(patientId)}`, { signal }),
  issueInvitation: (patientId: string) =>
    authorizedRequest<IssuedInvitation>(`/api/practice/patients/${encodeURIComponent(patientId)}/invitation`, { method: 'POST' }),
};
