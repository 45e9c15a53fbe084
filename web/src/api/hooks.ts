import { useInfiniteQuery, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSession } from '../auth/session';
import { PAGE_SIZE } from '../config';
import { DATA_CLASSES, type DataClass, type LinkPracticeInput, type PracticePatient, type RegisterPatientInput } from '../domain';
import { portalApi } from './portal-api';

export const queryKeys = {
  me: ['me'] as const,
  myDocuments: ['me', 'documents'] as const,
  myRecord: (dataClass: DataClass) => ['me', 'record', dataClass] as const,
  myRecordFirstPage: (dataClass: DataClass) => ['me', 'record', dataClass, 'first-page'] as const,
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

export function useMyDocuments() {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.myDocuments,
    queryFn: ({ pageParam, signal }) => portalApi.listMyDocuments({ limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

/** One data class of the patient's record, a page at a time. */
export function useMyRecord(dataClass: DataClass) {
  const { status } = useSession();
  return useInfiniteQuery({
    queryKey: queryKeys.myRecord(dataClass),
    queryFn: ({ pageParam, signal }) => portalApi.listMyRecord(dataClass, { limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor || undefined,
    enabled: status === 'signed-in',
  });
}

/** The first page of every data class (the summary and the timeline): one small request per class. */
export function useMyRecordFirstPages() {
  const { status } = useSession();
  return useQueries({
    queries: DATA_CLASSES.map((dataClass) => ({
      queryKey: queryKeys.myRecordFirstPage(dataClass),
      queryFn: ({ signal }: { signal: AbortSignal }) => portalApi.listMyRecord(dataClass, { limit: PAGE_SIZE }, signal),
      enabled: status === 'signed-in',
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
