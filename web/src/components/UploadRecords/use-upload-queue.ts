import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/api-error';
import { queryKeys } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import { holdSession } from '../../auth/session-holds';
import { declaredContentType, MAX_BROWSER_UPLOAD_BYTES, putFile, putParts, sha256Hex, TOO_LARGE_FOR_BROWSER_MESSAGE, type SentPart } from '../../api/uploads';
import type { CreatedUpload, CreateUploadInput } from '../../domain';

/** Files uploaded at the same time: enough to overlap one file's checks with the next one's transfer. */
const CONCURRENCY = 2;

/** A retry resumes an upload in parts only while its part URLs stay valid long enough to send what is left. */
const RESUME_MARGIN_MS = 10 * 60 * 1000;

export type UploadState =
  | { status: 'ready' }
  | { status: 'too-large'; message: string }
  | { status: 'waiting' }
  | { status: 'hashing'; percent: number }
  | { status: 'uploading'; percent: number }
  | { status: 'checking' }
  | { status: 'accepted'; title: string; warnings: string[] }
  | { status: 'refused'; message: string }
  | { status: 'failed'; message: string };

export interface UploadItem {
  id: string;
  name: string;
  size: number;
  state: UploadState;
}

interface Job {
  file: File;
  title: string | undefined;
  sha256?: string;
  /** A file in parts, while it is being sent: a retry sends only the parts not yet in storage. */
  multipart?: { target: Extract<CreatedUpload, { method: 'MULTIPART' }>; sent: Map<number, string> };
  /** Set once the bytes are in storage: a retry after that only repeats the check. */
  uploadId?: string;
  /** The parts to assemble on completion (files sent in parts only). */
  parts?: SentPart[];
}

export type Outcome = 'accepted' | 'refused' | 'failed';

const UNREADABLE_MESSAGE = 'The file could not be read: it may have been moved or changed since you chose it. Choose it again.';

const FINISHED = new Set<UploadState['status']>(['accepted', 'refused', 'failed']);

let nextId = 0;

/**
 * A refusal is the API saying no to this file (a 4xx: rejected content, invalid name, no access); trying again
 * would not help. Network trouble, server errors, storage errors and throttling may pass: those can be retried.
 */
function isRefusal(error: ApiError): boolean {
  if (['storage_error', 'upload_missing', 'parts_missing', 'parts_invalid'].includes(error.code)) return false;
  return error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);
}

function uploadInput(file: File, sha256: string, title: string | undefined): CreateUploadInput {
  const contentType = declaredContentType(file);
  return {
    filename: file.name,
    size: file.size,
    sha256,
    ...(contentType ? { contentType } : {}),
    ...(title ? { title } : {}),
  };
}

/** Calls `show` with whole percents, only when the percent changes (a progress event per few KB would re-render too often). */
function percentReporter(show: (percent: number) => void): (fraction: number) => void {
  let shown = -1;
  return (fraction) => {
    const percent = Math.floor(Math.min(1, Math.max(0, fraction)) * 100);
    if (percent === shown) return;
    shown = percent;
    show(percent);
  };
}

/**
 * The upload of a batch of files to one patient: per file hash, create, PUT (in one piece, or in parts above the
 * server's threshold; with progress), complete; CONCURRENCY files at a time. A refusal (the server's 422) is final;
 * a failure (network, server trouble) can be retried. Calls onBatchDone with the batch's outcomes once nothing is
 * left to do.
 */
export function useUploadQueue(patientId: string, onBatchDone: (outcomes: Outcome[]) => void) {
  const queryClient = useQueryClient();
  const [items, setItems] = useState<UploadItem[]>([]);
  const jobs = useRef(new Map<string, Job>());
  const queue = useRef<string[]>([]);
  const batch = useRef<string[]>([]);
  const outcomes = useRef(new Map<string, Outcome>());
  const active = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const onBatchDoneRef = useRef(onBatchDone);
  useEffect(() => {
    onBatchDoneRef.current = onBatchDone;
  }, [onBatchDone]);

  useEffect(() => {
    const current = new AbortController();
    controller.current = current;
    return () => current.abort();
  }, []);

  const update = useCallback((id: string, state: UploadState) => {
    setItems((list) => list.map((item) => (item.id === id ? { ...item, state } : item)));
  }, []);

  const process = useCallback(
    async (id: string, signal: AbortSignal): Promise<Outcome> => {
      const job = jobs.current.get(id);
      if (!job) return 'failed';
      const finish = (state: UploadState & { status: Outcome }): Outcome => {
        update(id, state);
        return state.status;
      };
      try {
        if (!job.uploadId) {
          if (!job.sha256) {
            const onHashed = percentReporter((percent) => update(id, { status: 'hashing', percent }));
            onHashed(0);
            job.sha256 = await sha256Hex(job.file, { onProgress: onHashed, signal });
          }
          // A retry of a file in parts resumes the same upload while its part URLs last; otherwise a new upload starts.
          if (job.multipart && Date.parse(job.multipart.target.expiresAt) - Date.now() < RESUME_MARGIN_MS) delete job.multipart;
          const created = job.multipart?.target ?? (await portalApi.createUpload(patientId, uploadInput(job.file, job.sha256, job.title)));
          const onProgress = percentReporter((percent) => update(id, { status: 'uploading', percent }));
          if (created.method === 'MULTIPART') {
            job.multipart ??= { target: created, sent: new Map() };
            job.parts = await putParts(created, job.file, onProgress, signal, job.multipart.sent);
            delete job.multipart;
          } else {
            onProgress(0);
            await putFile(created, job.file, onProgress, signal);
          }
          job.uploadId = created.uploadId;
        }
        update(id, { status: 'checking' });
        const completed = await portalApi.completeUpload(job.uploadId, job.parts);
        void queryClient.invalidateQueries({ queryKey: queryKeys.patientDocuments(patientId) });
        return finish({ status: 'accepted', title: completed.document.title, warnings: completed.warnings });
      } catch (error) {
        if (signal.aborted) return 'failed';
        if (error instanceof ApiError) {
          // Nothing (or not every part) arrived in storage after all: a retry must start over with fresh upload URLs.
          if (['upload_missing', 'parts_missing', 'parts_invalid'].includes(error.code)) {
            delete job.uploadId;
            delete job.parts;
          }
          return finish({ status: isRefusal(error) ? 'refused' : 'failed', message: error.message });
        }
        // The file changed or went away on disk since it was chosen.
        if (error instanceof DOMException && error.name === 'NotReadableError') return finish({ status: 'failed', message: UNREADABLE_MESSAGE });
        return finish({ status: 'failed', message: errorMessage(error) });
      }
    },
    [patientId, queryClient, update],
  );

  const pump = useCallback(() => {
    const signal = controller.current?.signal;
    if (!signal || signal.aborted) return;
    while (active.current < CONCURRENCY && queue.current.length > 0) {
      const id = queue.current.shift()!;
      active.current += 1;
      void process(id, signal).then((outcome) => {
        active.current -= 1;
        outcomes.current.set(id, outcome);
        if (active.current === 0 && queue.current.length === 0 && !signal.aborted) {
          const done = batch.current.map((batchId) => outcomes.current.get(batchId)).filter((o): o is Outcome => o !== undefined);
          batch.current = [];
          onBatchDoneRef.current(done);
        }
        pump();
      });
    }
  }, [process]);

  const enqueue = useCallback(
    (ids: string[]) => {
      for (const id of ids) {
        outcomes.current.delete(id);
        if (!batch.current.includes(id)) batch.current.push(id);
        queue.current.push(id);
        update(id, { status: 'waiting' });
      }
      pump();
    },
    [pump, update],
  );

  /** A new selection replaces the files not yet started; rows in progress or finished stay. */
  const select = useCallback(
    (files: readonly File[]) => {
      const kept = items.filter((item) => item.state.status !== 'ready' && item.state.status !== 'too-large');
      for (const item of items) if (!kept.includes(item)) jobs.current.delete(item.id);
      const added = files.map((file): UploadItem => {
        nextId += 1;
        const id = `upload-${nextId}`;
        jobs.current.set(id, { file, title: undefined });
        const state: UploadState =
          file.size > MAX_BROWSER_UPLOAD_BYTES ? { status: 'too-large', message: TOO_LARGE_FOR_BROWSER_MESSAGE } : { status: 'ready' };
        return { id, name: file.name, size: file.size, state };
      });
      setItems([...kept, ...added]);
    },
    [items],
  );

  /** Starts every ready file, with the given title (if any) for each. */
  const start = useCallback(
    (title: string | undefined) => {
      const ready = items.filter((item) => item.state.status === 'ready').map((item) => item.id);
      for (const id of ready) {
        const job = jobs.current.get(id);
        if (job) job.title = title;
      }
      enqueue(ready);
    },
    [enqueue, items],
  );

  const retry = useCallback((id: string) => enqueue([id]), [enqueue]);

  const readyCount = items.filter((item) => item.state.status === 'ready').length;
  const busy = items.some((item) => !FINISHED.has(item.state.status) && item.state.status !== 'ready' && item.state.status !== 'too-large');
  // Uploads in progress keep the session from timing out: the idle period starts when the last one ends.
  useEffect(() => (busy ? holdSession() : undefined), [busy]);

  return { items, select, start, retry, readyCount, busy };
}
