import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { UPLOAD_ACCEPT } from '../../api/uploads';
import { cx } from '../../lib/class-names';
import { formatBytes } from '../../lib/format';
import { Button } from '../Button/Button';
import { TextField } from '../TextField/TextField';
import { useUploadQueue, type Outcome, type UploadItem } from './use-upload-queue';

/** "3 files accepted, 1 refused": what a finished batch announces. */
export function batchSummary(outcomes: readonly Outcome[]): string {
  const count = (outcome: Outcome) => outcomes.filter((o) => o === outcome).length;
  const accepted = count('accepted');
  const parts = [`${accepted} ${accepted === 1 ? 'file' : 'files'} accepted`];
  if (count('refused') > 0) parts.push(`${count('refused')} refused`);
  if (count('failed') > 0) parts.push(`${count('failed')} failed`);
  return parts.join(', ');
}

/**
 * Staff upload a patient's records: pick (or drop) files, optionally title them, upload. Each file shows its
 * own progress and the server's verdict. The file input is the control (keyboard and screen readers use it
 * as is); dropping files onto the zone around it is an extra for mouse users.
 */
export function UploadRecords({ patientId }: { patientId: string }) {
  const inputId = useId();
  const hintId = useId();
  const titleId = useId();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const onBatchDone = useCallback((outcomes: Outcome[]) => setSummary(batchSummary(outcomes)), []);
  const uploads = useUploadQueue(patientId, onBatchDone);

  // Closing or reloading the page stops the uploads in progress (a large file takes minutes): the browser asks first.
  useEffect(() => {
    if (!uploads.busy) return;
    const ask = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [uploads.busy]);

  const choose = (files: FileList | null) => {
    setSummary('');
    uploads.select(files ? Array.from(files) : []);
  };

  const start = () => {
    if (uploads.readyCount === 0) return;
    setSummary('');
    uploads.start(title.trim() || undefined);
    // The files are on their way: the picker is free for the next batch.
    if (input.current) input.current.value = '';
  };

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) choose(event.dataTransfer.files);
  };

  const label = uploads.readyCount === 0 ? 'Upload files' : uploads.readyCount === 1 ? 'Upload 1 file' : `Upload ${uploads.readyCount} files`;
  return (
    <div className="upload">
      <div
        className={cx('drop-zone', dragging && 'drop-zone--active')}
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label className="field__label" htmlFor={inputId}>
          Files to upload
        </label>
        <p className="field__hint" id={hintId}>
          Choose files or drop them here. PDF, JPEG and PNG images, C-CDA (XML) and FHIR (JSON) records, up to 5 GB per
          file. Large files take a while: keep this page open until they are accepted.
        </p>
        <input
          ref={input}
          id={inputId}
          className="drop-zone__input"
          type="file"
          multiple
          accept={UPLOAD_ACCEPT}
          aria-describedby={hintId}
          onChange={(event) => choose(event.target.files)}
        />
      </div>
      <TextField
        id={titleId}
        label="Title (optional)"
        hint="Given to every file in this upload. Leave it empty to use the title found in each file."
        value={title}
        onValueChange={setTitle}
        maxLength={200}
      />
      {uploads.items.length > 0 && (
        <ul className="upload-list" aria-label="Files">
          {uploads.items.map((item) => (
            <UploadRow key={item.id} item={item} onRetry={() => uploads.retry(item.id)} />
          ))}
        </ul>
      )}
      <div className="button-row">
        <Button onClick={start} aria-disabled={uploads.readyCount === 0 || undefined}>
          {label}
        </Button>
      </div>
      <p className="upload__summary" aria-live="polite" role="status">
        {summary}
      </p>
    </div>
  );
}

function UploadRow({ item, onRetry }: { item: UploadItem; onRetry: () => void }) {
  const { state } = item;
  return (
    <li className={cx('upload-list__item', `upload-list__item--${state.status}`)}>
      <span className="upload-list__name">
        {item.name} <span className="upload-list__size">({formatBytes(item.size)})</span>
      </span>
      <span className="upload-list__state">
        {state.status === 'ready' && 'Ready to upload'}
        {state.status === 'too-large' && state.message}
        {state.status === 'waiting' && 'Waiting…'}
        {state.status === 'hashing' && (
          <>
            <span>Hashing {state.percent}%</span>
            <progress className="upload-list__progress" max={100} value={state.percent} aria-label={`Hashing progress of ${item.name}`} />
          </>
        )}
        {state.status === 'uploading' && (
          <>
            <span>Uploading {state.percent}%</span>
            <progress className="upload-list__progress" max={100} value={state.percent} aria-label={`Upload progress of ${item.name}`} />
          </>
        )}
        {state.status === 'checking' && 'Checking…'}
        {state.status === 'accepted' && (
          <>
            <span>
              <span className="upload-list__verdict">
                Accepted <span aria-hidden="true">✓</span>
              </span>{' '}
              as “{state.title}”
            </span>
            {state.warnings.map((warning) => (
              <span key={warning} className="upload-list__warning">
                {warning}
              </span>
            ))}
          </>
        )}
        {state.status === 'refused' && (
          <span>
            <span className="upload-list__verdict">Refused:</span> {state.message}
          </span>
        )}
        {state.status === 'failed' && (
          <>
            <span>
              <span className="upload-list__verdict">Failed:</span> {state.message}
            </span>
            <Button variant="secondary" size="small" onClick={onRetry} aria-label={`Retry ${item.name}`}>
              Retry
            </Button>
          </>
        )}
      </span>
    </li>
  );
}
