import { useCallback, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import type { StoredFile } from '../../api/portal-api';
import { startDownload } from '../../lib/download';
import { formatBytes } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { Button } from '../Button/Button';
import { Notice } from '../Notice/Notice';

/**
 * The state of "build a file, then download it" (one button, or several that share one outcome line): the
 * pending flag, which call is pending, and what to say after.
 */
export function useFileDownload<A extends unknown[]>(build: (...args: A) => Promise<StoredFile>) {
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [running, setRunning] = useState<A | null>(null);
  const create = useCallback(
    async (...args: A) => {
      setDone(null);
      setFailure(null);
      setRunning(args);
      try {
        const file = await build(...args);
        // Followed at once and not kept: the link is good for 5 minutes and carries a signature.
        startDownload(file.url);
        setDone(`Your file (${file.filename}, ${formatBytes(file.size)}) is downloading.`);
      } catch (error) {
        setFailure(errorMessage(error));
      } finally {
        setRunning(null);
      }
    },
    [build],
  );
  const action = useAction(create);
  return { run: (...args: A) => void action.run(...args), pending: action.pending, running, done, failure };
}

export interface DownloadOutcomeProps {
  done: string | null;
  failure: string | null;
  failureTitle?: string;
}

/** "Your file (…) is downloading." or why it could not be made. */
export function DownloadOutcome({ done, failure, failureTitle = "We couldn't prepare your file" }: DownloadOutcomeProps) {
  return (
    <>
      {done && <Notice tone="success">{done}</Notice>}
      {failure && (
        <div className="alert alert--error" role="alert">
          <p className="alert__title">{failureTitle}</p>
          <p>{failure}</p>
        </div>
      )}
    </>
  );
}

export interface ActivityDownloadProps {
  label: string;
  build: () => Promise<StoredFile>;
  variant?: 'primary' | 'secondary';
}

/** One button that has the server build a file and downloads it, with its outcome below. */
export function ActivityDownload({ label, build, variant = 'secondary' }: ActivityDownloadProps) {
  const download = useFileDownload(build);
  return (
    <div className="activity-download">
      <Button variant={variant} pending={download.pending} pendingLabel="Preparing…" onClick={() => download.run()}>
        {label}
      </Button>
      <DownloadOutcome done={download.done} failure={download.failure} />
    </div>
  );
}
