import { keepPreviousData, useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../auth/session';
import { PAGE_SIZE } from '../config';
import { DATA_CLASSES, type CorrectionView, type DataClass, type DocumentSummary, type LinkPracticeInput, type Page, type PracticePatient, type RegisterPatientInput } from '../domain';
import { ApiError } from './api-error';

type DenialGroundValue = CorrectionView extends { decision?: infer D } ? (D extends { ground: infer G } ? G : never) : never;
import { portalApi, type ListFilter } from './portal-api';
import type { z } from 'zod';
import type { CreateTransmissionInput, TransmissionView } from '../domain';
import type { ActivityFilter, PracticeAuditFilter } from './portal-api';

export const queryKeys = {
  me: ['me'] as const,
  /** Every filtered list of documents starts with this: invalidate it to refresh them all. */
  myDocuments: ['me', 'documents'] as const,
  myDocumentList: (filter: ListFilter) => ['me', 'documents', 'list', filter] as const,
  myDocument: (documentId: string) => ['me', 'documents', 'one', documentId] as const,
  myDocumentContent: (documentId: string) => ['me', 'document-content', documentId] as const,
  myRecord: (dataClass: DataClass, filter: ListFilter = {}) => ['me', 'record', dataClass, 'list', filter] as const,
  myRecordFirstPage: (dataClass: DataClass, filter: ListFilter = {}) => ['me', 'record', dataClass, 'first-page', filter] as const,
  myCorrections: ['me', 'corrections'] as const,
  myCorrection: (requestId: string) => ['me', 'corrections', 'one', requestId] as const,
  correctionQueue: (status: 'open' | 'closed') => ['practice', 'corrections', status] as const,
  practiceCorrection: (patientId: string, requestId: string) => ['practice', 'corrections', 'one', patientId, requestId] as const,
  practicePatients: ['practice', 'patients'] as const,
  practicePatient: (patientId: string) => ['practice', 'patients', patientId] as const,
  patientDocuments: (patientId: string) => ['practice', 'patients', patientId, 'documents'] as const,
};

export function useMe() {
  const { status } = useSession();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => portalApi.getMe(signal),
    enabled: status === 'signed-in',
    staleTime: 60_000,
  });
}

/**
 * The patient's documents, a page at a time, filtered on the server. While a new filter loads, the previous
 * list stays on screen (no flash of a loading state); `enabled: false` keeps it while a filter is invalid.
 */
export function useMyDocuments(filter: ListFilter = {}, enabled = true) {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.myDocumentList(filter),
    queryFn: ({ pageParam, signal }) => portalApi.listMyDocuments({ limit: PAGE_SIZE, cursor: pageParam }, filter, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    placeholderData: keepPreviousData,
    enabled: enabled && status === 'signed-in',
  });
}

/** How many of the newest documents the viewer looks through for one it was not handed. */
const DOCUMENT_LOOKUP_LIMIT = 100;

/**
 * One of the patient's documents: the one the documents table handed over (router state), else the one in the
 * pages already loaded, else looked up among the newest documents.
 */
export function useMyDocument(documentId: string, handedOver?: DocumentSummary) {
  const { status } = useSession();
  const queryClient = useQueryClient();
  const cached = () =>
    queryClient
      .getQueriesData<{ pages: Page<DocumentSummary>[] }>({ queryKey: queryKeys.myDocuments })
      .flatMap(([, data]) => data?.pages?.flatMap((p) => p.items) ?? [])
      .find((d) => d.documentId === documentId);
  return useQuery({
    queryKey: queryKeys.myDocument(documentId),
    queryFn: async ({ signal }) => {
      const found = (await portalApi.listMyDocuments({ limit: DOCUMENT_LOOKUP_LIMIT }, {}, signal)).items.find((d) => d.documentId === documentId);
      if (!found) throw new ApiError({ status: 404, code: 'not_found', message: "We couldn't find this document. It may have been replaced by a newer version." });
      return found;
    },
    initialData: () => (handedOver?.documentId === documentId ? handedOver : cached()),
    staleTime: 60_000,
    enabled: status === 'signed-in',
  });
}

/**
 * The bytes of one of the patient's documents: a fresh short-lived link, then the file itself from storage.
 * Kept only while the viewer shows it (gcTime 0), never refetched behind the reader's back.
 */
export function useMyDocumentContent(documentId: string, enabled: boolean) {
  const { status } = useSession();
  return useQuery({
    queryKey: queryKeys.myDocumentContent(documentId),
    queryFn: async ({ signal }) => {
      const link = await portalApi.downloadMyDocument(documentId);
      const response = await fetch(link.url, { signal, cache: 'no-store', credentials: 'omit' });
      if (!response.ok) throw new ApiError({ status: response.status, code: 'storage_error', message: 'This document could not be loaded.' });
      return response.blob();
    },
    enabled: enabled && status === 'signed-in',
    gcTime: 0,
    staleTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
}

/** One data class of the patient's record, a page at a time, filtered on the server (see useMyDocuments). */
export function useMyRecord(dataClass: DataClass, filter: ListFilter = {}, enabled = true) {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.myRecord(dataClass, filter),
    queryFn: ({ pageParam, signal }) => portalApi.listMyRecord(dataClass, { limit: PAGE_SIZE, cursor: pageParam }, filter, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    placeholderData: keepPreviousData,
    enabled: enabled && status === 'signed-in',
  });
}

/** The first page of every data class (the summary and the timeline): one small request per class. */
export function useMyRecordFirstPages(filter: ListFilter = {}, enabled = true) {
  const { status } = useSession();
  return useQueries({
    queries: DATA_CLASSES.map((dataClass) => ({
      queryKey: queryKeys.myRecordFirstPage(dataClass, filter),
      queryFn: ({ signal }: { signal: AbortSignal }) => portalApi.listMyRecord(dataClass, { limit: PAGE_SIZE }, filter, signal),
      placeholderData: keepPreviousData,
      enabled: enabled && status === 'signed-in',
    })),
  });
}

export function usePracticePatients() {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.practicePatients,
    queryFn: ({ pageParam, signal }) => portalApi.listPracticePatients({ limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

export function usePracticePatient(patientId: string) {
  const { status } = useSession();
  return useQuery({
    queryKey: queryKeys.practicePatient(patientId),
    queryFn: ({ signal }) => portalApi.getPracticePatient(patientId, signal),
    enabled: status === 'signed-in',
  });
}

/** A patient's current documents, as the practice's staff see them. */
export function usePatientDocuments(patientId: string) {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.patientDocuments(patientId),
    queryFn: ({ pageParam, signal }) => portalApi.listPatientDocuments(patientId, { limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

export function useLinkPractice() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LinkPracticeInput) => portalApi.linkPractice(input),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.me }),
        queryClient.invalidateQueries({ queryKey: queryKeys.myDocuments }),
      ]);
    },
  });
}

/**
 * The answers of these two carry an invitation code that is shown once: gcTime 0 drops them from the mutation
 * cache as soon as the screen that shows them lets go (reset()).
 */
export function useRegisterPatient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RegisterPatientInput) => portalApi.registerPatient(input),
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.practicePatients }),
  });
}

export function useIssueInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patient: PracticePatient) => portalApi.issueInvitation(patient.patientId),
    gcTime: 0,
    onSuccess: (_invitation, patient) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.practicePatients }),
        queryClient.invalidateQueries({ queryKey: queryKeys.practicePatient(patient.patientId) }),
      ]),
  });
}

// ---- corrections ----

/** The patient's correction requests, newest first (every page: the record pages look up amendments in them). */
export function useMyCorrections() {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.myCorrections,
    queryFn: ({ pageParam, signal }) => portalApi.listMyCorrections({ limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

export function useMyCorrection(requestId: string) {
  const { status } = useSession();
  return useQuery({
    queryKey: queryKeys.myCorrection(requestId),
    queryFn: ({ signal }) => portalApi.getMyCorrection(requestId, signal),
    enabled: status === 'signed-in',
  });
}

/** After any change to a request: its own view, the lists, and the record (an accepted one marks what it amends). */
function useCorrectionChanged() {
  const queryClient = useQueryClient();
  return (changed: CorrectionView) => {
    queryClient.setQueryData(queryKeys.myCorrection(changed.requestId), changed);
    queryClient.setQueryData(queryKeys.practiceCorrection(changed.patientId, changed.requestId), changed);
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.myCorrections, exact: true }),
      queryClient.invalidateQueries({ queryKey: ['practice', 'corrections', 'open'] }),
      queryClient.invalidateQueries({ queryKey: ['practice', 'corrections', 'closed'] }),
      changed.status === 'accepted' ? queryClient.invalidateQueries({ queryKey: ['me', 'record'] }) : undefined,
      changed.status === 'accepted' ? queryClient.invalidateQueries({ queryKey: queryKeys.myDocuments }) : undefined,
    ]);
  };
}

export function useCreateCorrection() {
  const changed = useCorrectionChanged();
  return useMutation({ mutationFn: portalApi.createCorrection, onSuccess: changed });
}

export function useWithdrawCorrection() {
  const changed = useCorrectionChanged();
  return useMutation({ mutationFn: (requestId: string) => portalApi.withdrawCorrection(requestId), onSuccess: changed });
}

export function useFileDisagreement() {
  const changed = useCorrectionChanged();
  return useMutation({ mutationFn: (v: { requestId: string; statement: string }) => portalApi.fileDisagreement(v.requestId, v.statement), onSuccess: changed });
}

/** The practice's queue: open requests soonest due first, or closed ones most recently changed first. */
export function useCorrectionQueue(queue: 'open' | 'closed') {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.correctionQueue(queue),
    queryFn: ({ pageParam, signal }) => portalApi.listCorrectionQueue(queue, { limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

export function usePracticeCorrection(patientId: string, requestId: string) {
  const { status } = useSession();
  return useQuery({
    queryKey: queryKeys.practiceCorrection(patientId, requestId),
    queryFn: ({ signal }) => portalApi.getPracticeCorrection(patientId, requestId, signal),
    enabled: status === 'signed-in',
  });
}

export function useExtendCorrection() {
  const changed = useCorrectionChanged();
  return useMutation({ mutationFn: (v: { patientId: string; requestId: string; reason: string }) => portalApi.extendCorrection(v.patientId, v.requestId, v.reason), onSuccess: changed });
}

export function useAcceptCorrection() {
  const changed = useCorrectionChanged();
  return useMutation({
    mutationFn: (v: { patientId: string; requestId: string; amendment: string; amendmentDocumentId?: string }) =>
      portalApi.acceptCorrection(v.patientId, v.requestId, { amendment: v.amendment, ...(v.amendmentDocumentId ? { amendmentDocumentId: v.amendmentDocumentId } : {}) }),
    onSuccess: changed,
  });
}

export function useDenyCorrection() {
  const changed = useCorrectionChanged();
  return useMutation({
    mutationFn: (v: { patientId: string; requestId: string; ground: DenialGroundValue; explanation: string }) => portalApi.denyCorrection(v.patientId, v.requestId, { ground: v.ground, explanation: v.explanation }),
    onSuccess: changed,
  });
}

export function useRebutDisagreement() {
  const changed = useCorrectionChanged();
  return useMutation({ mutationFn: (v: { patientId: string; requestId: string; text: string }) => portalApi.rebutDisagreement(v.patientId, v.requestId, v.text), onSuccess: changed });
}

/**
 * After a 409 on a practice action: fetch the request as it is now (the error's message says why), and the queue,
 * so that the page shows what a colleague or the patient did first.
 */
export function useRefreshPracticeCorrection() {
  const queryClient = useQueryClient();
  return (patientId: string, requestId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.practiceCorrection(patientId, requestId) }),
      queryClient.invalidateQueries({ queryKey: ['practice', 'corrections', 'open'] }),
      queryClient.invalidateQueries({ queryKey: ['practice', 'corrections', 'closed'] }),
    ]);
}

// ---- transmissions: copies the patient sends to a third party ----

export const transmissionKeys = {
  /** Every transmission query of the patient starts with this. */
  mine: ['me', 'transmissions'] as const,
  myList: ['me', 'transmissions', 'list'] as const,
  myOne: (transmissionId: string) => ['me', 'transmissions', 'one', transmissionId] as const,
  ofPatient: (patientId: string) => ['practice', 'patients', patientId, 'transmissions'] as const,
};

/** The access code is in the create answer only: it must not end up in the query cache. */
function withoutAccessCode(view: TransmissionView): TransmissionView {
  const { accessCode: _code, ...rest } = view;
  return rest;
}

export function useMyTransmissions() {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: transmissionKeys.myList,
    queryFn: ({ pageParam, signal }) => portalApi.listMyTransmissions({ limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

export function useMyTransmission(transmissionId: string) {
  const { status } = useSession();
  return useQuery({
    queryKey: transmissionKeys.myOne(transmissionId),
    queryFn: ({ signal }) => portalApi.getMyTransmission(transmissionId, signal),
    enabled: status === 'signed-in',
  });
}

/**
 * Sends a copy. The caller keeps the idempotency key in the body, so that a retry after a network failure answers
 * the same transmission instead of making a second one. gcTime 0: the answer carries the access code, shown once;
 * the screen that shows it calls reset() and keeps it in its own state only.
 */
export function useCreateTransmission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.input<typeof CreateTransmissionInput>) => portalApi.createTransmission(input),
    gcTime: 0,
    onSuccess: (created) => {
      queryClient.setQueryData(transmissionKeys.myOne(created.transmissionId), withoutAccessCode(created));
      return queryClient.invalidateQueries({ queryKey: transmissionKeys.myList });
    },
  });
}

export function useRevokeTransmission() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (transmissionId: string) => portalApi.revokeTransmission(transmissionId),
    onSuccess: (revoked) => {
      queryClient.setQueryData(transmissionKeys.myOne(revoked.transmissionId), withoutAccessCode(revoked));
      return queryClient.invalidateQueries({ queryKey: transmissionKeys.myList });
    },
  });
}

/** After a 409 (already revoked or expired): the transmission as it is now, and the list. */
export function useRefreshTransmission() {
  const queryClient = useQueryClient();
  return (transmissionId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: transmissionKeys.myOne(transmissionId) }),
      queryClient.invalidateQueries({ queryKey: transmissionKeys.myList }),
    ]);
}

/** The copies one of the practice's patients sent (staff, read-only). */
export function usePatientTransmissions(patientId: string) {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: transmissionKeys.ofPatient(patientId),
    queryFn: ({ pageParam, signal }) => portalApi.listPatientTransmissions(patientId, { limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

// ---- activity: who saw the patient's records, the accounting of disclosures, the practice's audit report ----

export const activityKeys = {
  myList: (filter: ActivityFilter) => ['me', 'activity', 'list', filter] as const,
  myDisclosures: ['me', 'disclosures'] as const,
  practiceReport: (filter: PracticeAuditFilter) => ['practice', 'audit', filter] as const,
};

/**
 * The server filters events (by kind, user, outcome…) after reading a page of them, so a filtered page can be
 * short: larger pages then save a few "Load more" clicks (and the audit log a few recorded reads of the history).
 */
const FILTERED_PAGE_SIZE = 100;

/** The patient's activity history, newest first, a page at a time, filtered on the server (see useMyDocuments). */
export function useMyActivity(filter: ActivityFilter = {}, enabled = true) {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: activityKeys.myList(filter),
    queryFn: ({ pageParam, signal }) => portalApi.listMyActivity({ limit: filter.kind ? FILTERED_PAGE_SIZE : PAGE_SIZE, cursor: pageParam }, filter, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    placeholderData: keepPreviousData,
    enabled: enabled && status === 'signed-in',
  });
}

/** The check that the history is complete: run when the patient asks (each run is itself recorded). */
export function useVerifyMyActivity() {
  return useMutation({ mutationFn: () => portalApi.verifyMyActivity() });
}

/** The accounting of disclosures: every disclosure of the last six years, in one answer. */
export function useMyDisclosures() {
  const { status } = useSession();
  return useQuery({
    queryKey: activityKeys.myDisclosures,
    queryFn: ({ signal }) => portalApi.listMyDisclosures(signal),
    enabled: status === 'signed-in',
  });
}

/**
 * The practice's audit report (admins), a page at a time, filtered and ordered on the server. Filters other than
 * the time range apply to each page after it is read (pages can be short), so a filtered report asks for more.
 */
export function usePracticeAudit(filter: PracticeAuditFilter, enabled = true) {
  const { status } = useSession();
  const sparse = Boolean(filter.actorId || filter.patientId || filter.action || filter.outcome);
  return useInfiniteQuery({
    queryKey: activityKeys.practiceReport(filter),
    queryFn: ({ pageParam, signal }) => portalApi.practiceAuditReport({ limit: sparse ? FILTERED_PAGE_SIZE : PAGE_SIZE, cursor: pageParam }, filter, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    placeholderData: keepPreviousData,
    enabled: enabled && status === 'signed-in',
  });
}
