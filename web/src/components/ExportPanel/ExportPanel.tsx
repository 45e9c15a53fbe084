import { useCallback, useId, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api/api-error';
import { portalApi } from '../../api/portal-api';
import type { CreatedExport, CreateExportInput, ExportFormat } from '../../domain';
import { startDownload } from '../../lib/download';
import { formatBytes } from '../../lib/format';
import { useAction } from '../../lib/use-action';
import { Button } from '../Button/Button';
import { DateRangeFields } from '../DateRangeFields/DateRangeFields';
import { Notice } from '../Notice/Notice';

const FORMATS: ReadonlyArray<{ value: ExportFormat; label: string; hint: string }> = [
  { value: 'pdf', label: 'Readable PDF', hint: 'To read, print or bring to an appointment.' },
  { value: 'fhir', label: 'FHIR R4 (JSON)', hint: 'For health apps and other portals.' },
  { value: 'ccda', label: 'C-CDA (XML)', hint: 'For another doctor’s health record system.' },
];

export const RANGE_ERROR = 'The "From" date must be on or before the "To" date.';

/** "Your file (12 items, 34 KB) is downloading." */
export function exportDoneMessage(created: Pick<CreatedExport, 'itemCount' | 'size'>): string {
  const items = `${created.itemCount.toLocaleString('en-US')} ${created.itemCount === 1 ? 'item' : 'items'}`;
  return `Your file (${items}, ${formatBytes(created.size)}) is downloading.`;
}

/**
 * "Download your record": the whole record (or a date range) as one file in the format the patient picks. The
 * file's link is followed at once and not kept.
 */
export function ExportPanel() {
  const headingId = useId();
  const formatId = useId();
  const rangeErrorId = useId();
  const [format, setFormat] = useState<ExportFormat>('pdf');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [rangeChecked, setRangeChecked] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const create = useCallback(async (input: CreateExportInput) => {
    setDone(null);
    setFailure(null);
    try {
      const created = await portalApi.createExport(input);
      startDownload(created.url);
      setDone(exportDoneMessage(created));
    } catch (error) {
      setFailure(errorMessage(error));
    }
  }, []);
  const action = useAction(create);
  // Shown after a refused submit, until the dates are put right.
  const rangeError = rangeChecked && from !== '' && to !== '' && from > to;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (action.pending) return;
    const invalid = from !== '' && to !== '' && from > to;
    setRangeChecked(invalid);
    if (invalid) {
      setDone(null);
      setFailure(null);
      return;
    }
    void action.run({ format, ...(from ? { from } : {}), ...(to ? { to } : {}) });
  };

  return (
    <section className="card export-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Download your record</h2>
      <p>Get a copy of your health record from all your practices in one file. Leave the dates empty for everything.</p>
      <form className="form export-panel__form" noValidate onSubmit={submit}>
        <fieldset className="field choice-group">
          <legend className="field__label">Format</legend>
          {FORMATS.map((option) => (
            <div key={option.value} className="choice">
              <input
                id={`${formatId}-${option.value}`}
                className="choice__input"
                type="radio"
                name="export-format"
                value={option.value}
                checked={format === option.value}
                aria-describedby={`${formatId}-${option.value}-hint`}
                onChange={() => setFormat(option.value)}
              />
              <label className="choice__label" htmlFor={`${formatId}-${option.value}`}>
                {option.label}
              </label>
              <span id={`${formatId}-${option.value}-hint`} className="choice__hint">
                {option.hint}
              </span>
            </div>
          ))}
        </fieldset>
        <fieldset className={rangeError ? 'field field--error export-panel__range' : 'field export-panel__range'}>
          <legend className="field__label">Dates (optional)</legend>
          {rangeError && (
            <p id={rangeErrorId} className="field__error" role="alert">
              {RANGE_ERROR}
            </p>
          )}
          <div className="record-filters__fields">
            <DateRangeFields from={from} to={to} onFromChange={setFrom} onToChange={setTo} invalid={rangeError} errorId={rangeErrorId} />
          </div>
        </fieldset>
        <div className="button-row">
          <Button type="submit" pending={action.pending} pendingLabel="Preparing…">
            Download
          </Button>
        </div>
        {done && <Notice tone="success">{done}</Notice>}
        {failure && (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">We couldn't prepare your file</p>
            <p>{failure}</p>
          </div>
        )}
      </form>
    </section>
  );
}
