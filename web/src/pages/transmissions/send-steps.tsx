import type { ReactNode } from 'react';
import { useMyDocuments } from '../../api/hooks';
import { Button } from '../../components/Button/Button';
import { DateRangeFields } from '../../components/DateRangeFields/DateRangeFields';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import { LoadMore } from '../../components/LoadMore/LoadMore';
import { QueryError } from '../../components/QueryError/QueryError';
import { TextField } from '../../components/TextField/TextField';
import { FORMAT_LABELS, MAX_DOWNLOADS, MAX_EXPIRY_DAYS, TRANSMISSION_FORMATS, type DataClass, type TransmissionFormat } from '../../domain';
import type { FieldErrors } from '../../forms/validation';
import { cx } from '../../lib/class-names';
import { formatCalendarDate } from '../../lib/format';
import { DATA_CLASS_LABELS, RECORD_CLASSES } from '../../record/data-classes';
import { FIELD_IDS, FORMAT_RULES, type Delivery, type SelectionKind, type SendFormValues } from './send-form';

export interface StepProps {
  values: SendFormValues;
  set: <K extends keyof SendFormValues>(key: K, value: SendFormValues[K]) => void;
  errors: FieldErrors;
}

/** "1 Who should get a copy": the step's number is part of its heading, so that it is read out too. */
function StepTitle({ n, id, children }: { n: number; id?: string; children: ReactNode }) {
  return (
    <h2 className="transmission-step__title" id={id}>
      <span className="transmission-step__number">{n}</span> {children}
    </h2>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id}>
      <span className="visually-hidden">Error:</span> {message}
    </p>
  );
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

// ---- 1. recipient ----

export function RecipientStep({ values, set, errors, moreOpen, onMoreToggle }: StepProps & { moreOpen: boolean; onMoreToggle: (open: boolean) => void }) {
  return (
    <section className="card transmission-step" aria-labelledby="tx-step-recipient">
      <StepTitle n={1} id="tx-step-recipient">
        Who should get a copy
      </StepTitle>
      <div className="form">
        <TextField id={FIELD_IDS.name} label="Their name" value={values.name} onValueChange={(v) => set('name', v)} error={errors.name} autoComplete="off" />
        <TextField
          id={FIELD_IDS.organisation}
          label="Organisation (optional)"
          hint="For example a clinic, a law firm or an insurer."
          value={values.organisation}
          onValueChange={(v) => set('organisation', v)}
          error={errors.organisation}
          autoComplete="off"
        />
        <TextField
          id={FIELD_IDS.email}
          label="Their e-mail address"
          hint="We e-mail them a secure link to your records."
          type="email"
          spellCheck={false}
          value={values.email}
          onValueChange={(v) => set('email', v)}
          error={errors.email}
          autoComplete="off"
        />
        <details className="transmission-more" open={moreOpen} onToggle={(e) => onMoreToggle(e.currentTarget.open)}>
          <summary className="transmission-more__summary">More ways to deliver (optional)</summary>
          <div className="form transmission-more__body">
            <TextField
              id={FIELD_IDS.directAddress}
              label="Direct address (optional)"
              hint="A secure health e-mail address some clinics use. We note it with the copy; the link still goes to the e-mail address above."
              type="email"
              spellCheck={false}
              value={values.directAddress}
              onValueChange={(v) => set('directAddress', v)}
              error={errors.directAddress}
              autoComplete="off"
            />
            <TextField
              id={FIELD_IDS.fhirServerUrl}
              label="FHIR server address (optional)"
              hint={
                <>
                  If their health record system accepts FHIR, we also send your record straight to it. The address starts with https://. This
                  needs the “{FORMAT_LABELS.fhir}” format in step 3.
                </>
              }
              type="url"
              inputMode="url"
              spellCheck={false}
              value={values.fhirServerUrl}
              onValueChange={(v) => set('fhirServerUrl', v)}
              error={errors.fhirServerUrl}
              autoComplete="off"
            />
          </div>
        </details>
      </div>
    </section>
  );
}

// ---- 2. what ----

const KINDS: ReadonlyArray<{ value: SelectionKind; label: string; hint: string }> = [
  { value: 'everything', label: 'Everything in your record', hint: 'All your health information and documents from every practice.' },
  { value: 'range', label: 'Records from a period of time', hint: 'Only what is dated between two dates.' },
  { value: 'classes', label: 'Some kinds of records', hint: 'For example only your medications and allergies.' },
  { value: 'documents', label: 'Chosen documents', hint: 'Pick files from your records, such as a letter or a scan.' },
];

function Dates({ values, set, errors, optional }: StepProps & { optional: boolean }) {
  const errorId = `${FIELD_IDS.dates}-error`;
  return (
    <fieldset id={FIELD_IDS.dates} tabIndex={-1} className={cx('field', errors.dates && 'field--error')}>
      <legend className="field__label">{optional ? 'Dates (optional)' : 'Dates'}</legend>
      <p className="field__hint">{optional ? 'Leave them empty to send these kinds of records from any date.' : 'The first and the last day of the records to send.'}</p>
      <FieldError id={errorId} message={errors.dates} />
      <div className="record-filters__fields">
        <DateRangeFields from={values.from} to={values.to} onFromChange={(v) => set('from', v)} onToChange={(v) => set('to', v)} invalid={!!errors.dates} errorId={errorId} bounded />
      </div>
    </fieldset>
  );
}

function DataClassChoice({ values, set, errors }: StepProps) {
  const errorId = `${FIELD_IDS.dataClasses}-error`;
  return (
    <fieldset id={FIELD_IDS.dataClasses} tabIndex={-1} className={cx('field', errors.dataClasses && 'field--error')} aria-describedby={errors.dataClasses ? errorId : undefined}>
      <legend className="field__label">Kinds of records</legend>
      <FieldError id={errorId} message={errors.dataClasses} />
      <div className="transmission-checks">
        {RECORD_CLASSES.map((dataClass: DataClass) => (
          <div key={dataClass} className="choice">
            <input
              id={`tx-class-${dataClass}`}
              className="choice__input"
              type="checkbox"
              checked={values.dataClasses.includes(dataClass)}
              onChange={(e) => set('dataClasses', toggle(values.dataClasses, dataClass, e.target.checked))}
            />
            <label className="choice__label" htmlFor={`tx-class-${dataClass}`}>
              {DATA_CLASS_LABELS[dataClass].title}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function DocumentChoice({ values, set, errors }: StepProps) {
  const documents = useMyDocuments({}, true);
  const errorId = `${FIELD_IDS.documentIds}-error`;
  const items = documents.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <fieldset id={FIELD_IDS.documentIds} tabIndex={-1} className={cx('field', errors.documentIds && 'field--error')} aria-describedby={errors.documentIds ? errorId : undefined}>
      <legend className="field__label">Documents</legend>
      <FieldError id={errorId} message={errors.documentIds} />
      {documents.isPending ? (
        <LoadingState label="Loading your documents…" />
      ) : documents.isLoadingError ? (
        <QueryError error={documents.error} title="We couldn't load your documents" onRetry={() => void documents.refetch()} />
      ) : items.length === 0 ? (
        <p className="empty-state">You have no documents yet. Choose another option above.</p>
      ) : (
        <>
          <div className="transmission-documents">
            {items.map((d) => {
              const id = `tx-document-${d.documentId}`;
              return (
                <div key={d.documentId} className="choice">
                  <input
                    id={id}
                    className="choice__input"
                    type="checkbox"
                    aria-describedby={`${id}-hint`}
                    checked={values.documentIds.includes(d.documentId)}
                    onChange={(e) => set('documentIds', toggle(values.documentIds, d.documentId, e.target.checked))}
                  />
                  <label className="choice__label" htmlFor={id}>
                    {d.title}
                  </label>
                  <span className="choice__hint" id={`${id}-hint`}>
                    {[d.practiceName, d.date ? formatCalendarDate(d.date) : undefined].filter(Boolean).join(' · ')}
                  </span>
                </div>
              );
            })}
          </div>
          <LoadMore
            shown={items.length}
            noun={{ one: 'document', many: 'documents' }}
            hasMore={documents.hasNextPage}
            loading={documents.isFetchingNextPage}
            onLoadMore={() => void documents.fetchNextPage()}
          />
          {documents.isFetchNextPageError && <QueryError error={documents.error} title="We couldn't load more documents" />}
        </>
      )}
    </fieldset>
  );
}

export function WhatStep(props: StepProps) {
  const { values, set, errors } = props;
  const choose = (kind: SelectionKind) => {
    set('kind', kind);
    // Chosen documents travel as they are, in the one format that applies to them: ticked for the patient, who sees it.
    if (kind === 'documents') set('formats', ['originals']);
  };
  return (
    <section className="card transmission-step">
      <fieldset className={cx('field choice-group', errors.selection && 'field--error')}>
        <legend>
          <StepTitle n={2}>What to send</StepTitle>
        </legend>
        <FieldError id={`${FIELD_IDS.selection}-error`} message={errors.selection} />
        {KINDS.map((option) => {
          const id = `tx-what-${option.value}`;
          const chosen = values.kind === option.value;
          return (
            <div key={option.value} className="transmission-kind">
              <div className="choice">
                <input id={id} className="choice__input" type="radio" name="tx-what" value={option.value} checked={chosen} aria-describedby={`${id}-hint`} onChange={() => choose(option.value)} />
                <label className="choice__label" htmlFor={id}>
                  {option.label}
                </label>
                <span id={`${id}-hint`} className="choice__hint">
                  {option.hint}
                </span>
              </div>
              {chosen && option.value !== 'everything' && (
                <div className="transmission-kind__reveal">
                  {option.value === 'range' && <Dates {...props} optional={false} />}
                  {option.value === 'classes' && (
                    <>
                      <DataClassChoice {...props} />
                      <Dates {...props} optional />
                    </>
                  )}
                  {option.value === 'documents' && <DocumentChoice {...props} />}
                </div>
              )}
            </div>
          );
        })}
      </fieldset>
    </section>
  );
}

// ---- 3. formats ----

const FORMAT_HINTS: Record<TransmissionFormat, string> = {
  pdf: 'To read or print.',
  fhir: 'For health apps and health record systems that use FHIR.',
  ccda: 'For another doctor’s health record system.',
  originals: 'The files your practices uploaded, as they are.',
};

export function FormatsStep({ values, set, errors }: StepProps) {
  const errorId = 'tx-formats-error';
  const needs: string[] = [];
  if (values.kind === 'documents') {
    needs.push('Chosen documents are sent as they are, as “Original documents”. The other formats are made from your whole health record: to send them, choose another option in step 2.');
  } else if (values.fhirServerUrl.trim()) {
    needs.push(`You gave a FHIR server address, so “${FORMAT_LABELS.fhir}” is needed.`);
  }
  return (
    <section className="card transmission-step">
      <fieldset className={cx('field choice-group', errors.formats && 'field--error')} aria-describedby={['tx-formats-hint', needs.length ? 'tx-formats-needs' : '', errors.formats ? errorId : ''].filter(Boolean).join(' ')}>
        <legend>
          <StepTitle n={3}>Formats</StepTitle>
        </legend>
        <p className="field__hint" id="tx-formats-hint">
          Tick every format that suits the recipient. Each one is a file in what they download.
        </p>
        {needs.length > 0 && (
          <div className="transmission-needs" id="tx-formats-needs">
            {needs.map((n) => (
              <p key={n}>{n}</p>
            ))}
          </div>
        )}
        <FieldError id={errorId} message={errors.formats} />
        {TRANSMISSION_FORMATS.map((format) => {
          const id = `tx-format-${format}`;
          return (
            <div key={format} className="choice">
              <input
                id={id}
                className="choice__input"
                type="checkbox"
                checked={values.formats.includes(format)}
                aria-describedby={`${id}-hint`}
                onChange={(e) => set('formats', toggle(values.formats, format, e.target.checked))}
              />
              <label className="choice__label" htmlFor={id}>
                {FORMAT_LABELS[format]}
              </label>
              <span id={`${id}-hint`} className="choice__hint">
                {FORMAT_HINTS[format]}
              </span>
            </div>
          );
        })}
      </fieldset>
    </section>
  );
}

// ---- 4. purpose ----

export const PURPOSE_SUGGESTIONS = ['Continuing care', 'Second opinion', 'Legal', 'Personal use'] as const;

export function PurposeStep({ values, set, errors }: StepProps) {
  return (
    <section className="card transmission-step" aria-labelledby="tx-step-purpose">
      <StepTitle n={4} id="tx-step-purpose">
        Why you are sending them
      </StepTitle>
      <div className="form">
        <TextField
          id={FIELD_IDS.purpose}
          label="Purpose"
          hint="The recipient sees it, and it is kept in the list of who your health information was shared with."
          value={values.purpose}
          onValueChange={(v) => set('purpose', v)}
          error={errors.purpose}
          maxLength={500}
          autoComplete="off"
        />
        <div className="transmission-suggestions" role="group" aria-labelledby="tx-purpose-suggestions">
          <p id="tx-purpose-suggestions" className="transmission-suggestions__label">
            Or choose one:
          </p>
          {PURPOSE_SUGGESTIONS.map((s) => (
            <Button key={s} variant="secondary" size="small" aria-pressed={values.purpose === s} onClick={() => set('purpose', s)}>
              {s}
            </Button>
          ))}
        </div>
      </div>
    </section>
  );
}

// ---- 5. limits ----

export function LimitsStep({ values, set, errors }: StepProps) {
  return (
    <section className="card transmission-step" aria-labelledby="tx-step-limits">
      <StepTitle n={5} id="tx-step-limits">
        How long the link works
      </StepTitle>
      <div className="form transmission-limits">
        <TextField
          id={FIELD_IDS.expiresInDays}
          label="Days the link works"
          hint={`1 to ${MAX_EXPIRY_DAYS} days. After that it stops working.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_EXPIRY_DAYS}
          width="short"
          className="transmission-number"
          value={values.expiresInDays}
          onValueChange={(v) => set('expiresInDays', v)}
          error={errors.expiresInDays}
        />
        <TextField
          id={FIELD_IDS.maxDownloads}
          label="Downloads allowed"
          hint={`1 to ${MAX_DOWNLOADS}. Each file they download counts as one.`}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_DOWNLOADS}
          width="short"
          className="transmission-number"
          value={values.maxDownloads}
          onValueChange={(v) => set('maxDownloads', v)}
          error={errors.maxDownloads}
        />
      </div>
      <p className="muted transmission-step__note">You can revoke the link at any time before then.</p>
    </section>
  );
}

// ---- 6. delivery ----

const DELIVERIES: ReadonlyArray<{ value: Delivery; label: string; hint: string }> = [
  {
    value: 'email-and-code',
    label: 'E-mail link + access code (recommended)',
    hint: 'We e-mail them a link, and you give them a code yourself, by phone or in person. Someone who sees only the e-mail can’t open your records.',
  },
  {
    value: 'email',
    label: 'E-mail link only',
    hint: 'Easier for them, but anyone who gets hold of the e-mail can open your records until the link stops working.',
  },
];

export function DeliveryStep({ values, set, errors }: StepProps) {
  return (
    <section className="card transmission-step">
      <fieldset className={cx('field choice-group', errors.delivery && 'field--error')}>
        <legend>
          <StepTitle n={6}>How they open it</StepTitle>
        </legend>
        <FieldError id="tx-delivery-error" message={errors.delivery} />
        {DELIVERIES.map((option) => {
          const id = `tx-delivery-${option.value}`;
          return (
            <div key={option.value} className="choice">
              <input
                id={id}
                className="choice__input"
                type="radio"
                name="tx-delivery"
                value={option.value}
                checked={values.delivery === option.value}
                aria-describedby={`${id}-hint`}
                onChange={() => set('delivery', option.value)}
              />
              <label className="choice__label" htmlFor={id}>
                {option.label}
              </label>
              <span id={`${id}-hint`} className="choice__hint">
                {option.hint}
              </span>
            </div>
          );
        })}
      </fieldset>
    </section>
  );
}

// ---- 7. signature ----

const LONG_DAY = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' });
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** "Riverside Family Medicine and Hillside Clinic". */
export function practiceList(names: readonly string[]): string {
  if (names.length === 0) return 'my practices';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export function SignatureStep({ values, set, errors, practices, today }: StepProps & { practices: readonly string[]; today: Date }) {
  const recipient = values.name.trim() || 'this recipient';
  const errorId = `${FIELD_IDS.attestation}-error`;
  return (
    <section className="card transmission-step" aria-labelledby="tx-step-sign">
      <StepTitle n={7} id="tx-step-sign">
        Sign your request
      </StepTitle>
      <div className="form">
        <TextField
          id={FIELD_IDS.typedName}
          label="Your full name"
          hint="Typing your name signs this request."
          value={values.typedName}
          onValueChange={(v) => set('typedName', v)}
          error={errors.typedName}
          autoComplete="name"
        />
        <div className={cx('field', errors.attestation && 'field--error')}>
          <FieldError id={errorId} message={errors.attestation} />
          <div className="choice transmission-attest">
            <input
              id={FIELD_IDS.attestation}
              className="choice__input"
              type="checkbox"
              checked={values.attestation}
              aria-invalid={errors.attestation ? true : undefined}
              aria-describedby={errors.attestation ? errorId : undefined}
              onChange={(e) => set('attestation', e.target.checked)}
            />
            <label className="transmission-attest__label" htmlFor={FIELD_IDS.attestation}>
              I direct {practiceList(practices)} to send a copy of my health information, as chosen above, to {recipient}. I understand that once it
              is sent, my practices can’t control what the recipient does with it.
            </label>
          </div>
        </div>
        <p className="transmission-date">
          Date: <time dateTime={localDay(today)}>{LONG_DAY.format(today)}</time>
        </p>
      </div>
    </section>
  );
}
