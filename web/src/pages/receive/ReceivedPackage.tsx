import { useRef, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import type { RecipientDownload } from '../../api/recipient-api';
import { Button } from '../../components/Button/Button';
import { ReceiveFiles, savedName } from '../../components/ReceiveFiles/ReceiveFiles';
import type { RecipientPackage } from '../../domain';
import { formatBytes, formatDateTime, formatDay } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';
import { useHeadingFocus } from './use-heading-focus';

export interface ReceivedPackageProps {
  pkg: RecipientPackage;
  /** Fetches a file's short-lived link and follows it; undefined when the visit ended (the page says why). */
  onDownload: (name: string) => Promise<RecipientDownload | undefined>;
  /** Undefined when the visit ended. */
  onConfirm: () => Promise<{ confirmedAt: string } | undefined>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the patient sent: who, for whom and why, the files with their hashes, and a way to confirm receipt. */
export function ReceivedPackage({ pkg, onDownload, onConfirm }: ReceivedPackageProps) {
  usePageTitle('Records sent to you');
  const heading = useHeadingFocus('package');
  const [pendingFile, setPendingFile] = useState<string>();
  const busy = useRef(false);
  const [downloaded, setDownloaded] = useState<ReadonlySet<string>>(new Set());
  const [downloadStatus, setDownloadStatus] = useState<string | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [confirmError, setConfirmError] = useState<string | null>(null);

  const download = async (name: string) => {
    if (busy.current) return;
    busy.current = true;
    setPendingFile(name);
    setDownloadError(null);
    setDownloadStatus(null);
    try {
      const answer = await onDownload(name);
      if (!answer) return;
      setDownloaded((done) => new Set(done).add(name));
      setDownloadStatus(`${answer.filename} is downloading. ${answer.downloadsLeft === 0 ? 'That was the last download this link allows.' : `${plural(answer.downloadsLeft, 'download', 'downloads')} left.`}`);
    } catch (error) {
      setDownloadError(`${savedName(name)} could not be downloaded. ${errorMessage(error)}`);
    } finally {
      busy.current = false;
      setPendingFile(undefined);
    }
  };

  const confirm = async () => {
    if (confirming) return;
    setConfirming(true);
    setConfirmError(null);
    try {
      await onConfirm();
    } catch (error) {
      setConfirmError(errorMessage(error));
    } finally {
      setConfirming(false);
    }
  };

  const canDownload = pkg.downloadsLeft > 0;
  const recipient = pkg.recipient.organisation ? `${pkg.recipient.name}, ${pkg.recipient.organisation}` : pkg.recipient.name;

  return (
    <>
      <div className="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Health records sent to you
        </h1>
        <p className="lead">
          From <strong className="receive-sender">{pkg.sender.name}</strong> (signed <time dateTime={pkg.sender.signedAt}>{formatDay(pkg.sender.signedAt)}</time>)
        </p>
      </div>

      <section className="card" aria-labelledby="receive-about">
        <h2 id="receive-about">About these records</h2>
        <dl className="receive-facts">
          <div className="receive-facts__row">
            <dt>Sent to</dt>
            <dd>{recipient}</dd>
          </div>
          <div className="receive-facts__row">
            <dt>Purpose</dt>
            <dd>{pkg.purpose}</dd>
          </div>
          <div className="receive-facts__row">
            <dt>What it contains</dt>
            <dd>{pkg.description}</dd>
          </div>
          <div className="receive-facts__row">
            <dt>Available until</dt>
            <dd>
              <time dateTime={pkg.expiresAt}>{formatDateTime(pkg.expiresAt)}</time>
            </dd>
          </div>
          <div className="receive-facts__row">
            <dt>Downloads left</dt>
            <dd>{pkg.downloadsLeft}</dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="receive-files">
        <h2 id="receive-files">Files</h2>
        {canDownload ? (
          <p>Each file, and the .zip of them all, counts as one download.</p>
        ) : (
          <p className="receive-note">You have used every download this link allows. If you still need a file, ask the sender to send the records again.</p>
        )}
        {/* Always there, so that each new message is announced (a live region inserted with its text often is not). */}
        <div role="status" className="receive-status">
          {downloadStatus && <p className="notice notice--success">{downloadStatus}</p>}
        </div>
        {downloadError && (
          <div className="alert" role="alert">
            {downloadError}
          </div>
        )}
        {pkg.archive && (
          <div className="receive-archive">
            {canDownload && (
              <Button pending={pendingFile === pkg.archive.name} pendingLabel="Preparing…" onClick={() => void download(pkg.archive!.name)}>
                Download everything (.zip)
              </Button>
            )}
            <p className="receive-archive__about">
              <span>
                {pkg.archive.name}, {formatBytes(pkg.archive.size)}
                {downloaded.has(pkg.archive.name) && ' (downloaded)'}
              </span>
              <span>
                SHA-256: <code className="receive-hash">{pkg.archive.sha256}</code>
              </span>
            </p>
          </div>
        )}
        <ReceiveFiles files={pkg.files} onDownload={canDownload ? (name) => void download(name) : undefined} pendingFile={pendingFile} downloaded={downloaded} />
        <p className="receive-verify">
          To check that a file arrived intact, compare its SHA-256 with the one listed here: run <code>shasum -a 256 file</code> on macOS or Linux, or{' '}
          <code>certutil -hashfile file SHA256</code> on Windows.
        </p>
      </section>

      <section className="card" aria-labelledby="receive-confirm">
        <h2 id="receive-confirm">Let the sender know</h2>
        <div role="status" className="receive-status">
          {pkg.confirmedAt && (
            <p className="notice notice--success">
              Receipt confirmed on <time dateTime={pkg.confirmedAt}>{formatDateTime(pkg.confirmedAt)}</time>. The person who sent the records can see it.
            </p>
          )}
        </div>
        {pkg.confirmedAt ? null : (
          <>
            <p>Once you have the records, confirm that you received them: the person who sent them will see it.</p>
            {confirmError && (
              <div className="alert" role="alert">
                {confirmError}
              </div>
            )}
            <Button variant="secondary" pending={confirming} pendingLabel="Confirming…" onClick={() => void confirm()}>
              Confirm I received these records
            </Button>
          </>
        )}
      </section>

      <p className="muted receive-session">
        For your security, this page works until <time dateTime={pkg.sessionExpiresAt}>{formatDateTime(pkg.sessionExpiresAt)}</time>. After that, it asks you to
        open it again.
      </p>
    </>
  );
}
