import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { ApiError } from '../../api/api-error';
import { queryKeys, useMyCorrections } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { useSession } from '../../auth/session';
import type { CorrectionView, RecordItemView } from '../../domain';
import type { ItemTarget } from '../CorrectionLinks/correction-links';

/** The patient's requests in the pages loaded so far (the first page is enough for most people). */
export function useLoadedCorrections(): { corrections: CorrectionView[]; settled: boolean } {
  const list = useMyCorrections();
  const corrections = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  return { corrections, settled: !list.isPending };
}

/**
 * One of the patient's requests, for the "Amended" notes: from the list when it is there, else fetched on its own
 * (a request further back than the pages loaded). Undefined while neither has it.
 */
export function useCorrectionLookup(requestId: string): CorrectionView | undefined {
  const { status } = useSession();
  const { corrections, settled } = useLoadedCorrections();
  const listed = corrections.find((c) => c.requestId === requestId);
  const single = useQuery({
    queryKey: queryKeys.myCorrection(requestId),
    queryFn: ({ signal }) => portalApi.getMyCorrection(requestId, signal),
    enabled: status === 'signed-in' && settled && !listed,
    staleTime: 60_000,
  });
  return listed ?? single.data;
}

/** How many of the newest items of a class the form looks through for one it was not handed. */
const ITEM_LOOKUP_LIMIT = 100;

function itemsIn(data: unknown): RecordItemView[] {
  if (!data || typeof data !== 'object') return [];
  if ('pages' in data && Array.isArray(data.pages)) return data.pages.flatMap((page: { items?: RecordItemView[] }) => page?.items ?? []);
  if ('items' in data && Array.isArray(data.items)) return data.items as RecordItemView[];
  if ('itemKey' in data) return [data as RecordItemView];
  return [];
}

/**
 * The record item a new request is about: the one its row handed over (router state), else one in the record pages
 * already loaded, else looked up among the newest of its class at its practice.
 */
export function useMyRecordItem(target: ItemTarget, handedOver?: RecordItemView) {
  const { status } = useSession();
  const queryClient = useQueryClient();
  const matches = (item: RecordItemView) => item.practiceId === target.practiceId && item.dataClass === target.dataClass && item.itemKey === target.itemKey;
  return useQuery({
    queryKey: ['me', 'record', target.dataClass, 'one', target.practiceId, target.itemKey] as const,
    queryFn: async ({ signal }) => {
      const page = await portalApi.listMyRecord(target.dataClass, { limit: ITEM_LOOKUP_LIMIT }, { practiceId: target.practiceId }, signal);
      const found = page.items.find(matches);
      if (!found) throw new ApiError({ status: 404, code: 'not_found', message: "We couldn't find this item in your record." });
      return found;
    },
    initialData: () =>
      handedOver && matches(handedOver)
        ? handedOver
        : queryClient
            .getQueriesData({ queryKey: ['me', 'record', target.dataClass] })
            .flatMap(([, data]) => itemsIn(data))
            .find(matches),
    staleTime: 60_000,
    enabled: status === 'signed-in',
  });
}
