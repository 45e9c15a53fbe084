import { useId, useState, type FormEvent } from 'react';
import type { PracticeAuditFilter } from '../../api/portal-api';
import { Id, type PracticePatient } from '../../domain';
import { Button } from '../Button/Button';
import { DateRangeFields } from '../DateRangeFields/DateRangeFields';
import { patientName } from '../PatientsTable/PatientsTable';

/** The report's filters as the form holds them ('' for "any"). */
export interface AuditFilterValue {
  from: string;
  to: string;
  actorId: string;
  patientId: string;
  action: string;
  outcome: '' | 'success' | 'denied' | 'failure';
}

export const NO_AUDIT_FILTER: AuditFilterValue = { from: '', to: '', actorId: '', patientId: '', action: '', outcome: '' };

/** Families of actions (the server matches a prefix). */
export const AUDIT_ACTIONS: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'auth.', label: 'Sign-ins' },
  { value: 'document.', label: 'Documents' },
  { value: 'record.', label: 'Records' },
  { value: 'correction.', label: 'Corrections' },
  { value: 'transmission.', label: 'Copies sent' },
  { value: 'patient.', label: 'Patients' },
  { value: 'audit.', label: 'Audit' },
];

export const AUDIT_OUTCOMES = [
  { value: 'success', label: 'Success' },
  { value: 'denied', label: 'Denied' },
  { value: 'failure', label: 'Failed' },
] as const;

/** The filter as the report endpoint takes it, leaving out what is "any". */
export function auditQuery(value: AuditFilterValue, order: PracticeAuditFilter['order']): PracticeAuditFilter {
  return {
    ...(value.from ? { from: value.from } : {}),
    ...(value.to ? { to: value.to } : {}),
    ...(value.actorId.trim() ? { actorId: value.actorId.trim() } : {}),
    ...(value.patientId.trim() ? { patientId: value.patientId.trim() } : {}),
    ...(value.action ? { action: value.action } : {}),
    ...(value.outcome ? { outcome: value.outcome } : {}),
    order,
  };
}

export function isAuditFiltered(value: AuditFilterValue): boolean {
  return Object.values(value).some((v) => v.trim() !== '');
}

interface Errors {
  range?: string;
  patientId?: string;
}

function validate(value: AuditFilterValue): Errors {
  const errors: Errors = {};
  if (value.from && value.to && value.from > value.to) errors.range = 'The "From" date must be on or before the "To" date.';
  if (value.patientId.trim() && !Id.safeParse(value.patientId.trim()).success) {
    errors.patientId = 'A patient ID has 3 to 64 lower-case letters, digits and hyphens. Choose a patient from the list, or leave it empty.';
  }
  return errors;
}

export interface AuditFiltersProps {
  /** The filters the report shows now. */
  applied: AuditFilterValue;
  onApply: (value: AuditFilterValue) => void;
  /** Patients loaded so far, offered as suggestions for the patient ID. */
  patients: readonly PracticePatient[];
}

/** Time range, user, patient, action and outcome; applied with "Show events" (typing an ID asks nothing yet). */
export function AuditFilters({ applied, onApply, patients }: AuditFiltersProps) {
  const [value, setValue] = useState<AuditFilterValue>(applied);
  const [errors, setErrors] = useState<Errors>({});
  const ids = { range: useId(), actor: useId(), actorHint: useId(), patient: useId(), patientHint: useId(), patients: useId(), action: useId(), outcome: useId() };
  const set = <K extends keyof AuditFilterValue>(key: K, v: AuditFilterValue[K]) => setValue((current) => ({ ...current, [key]: v }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(value);
    setErrors(found);
    if (found.range || found.patientId) return;
    onApply(value);
  };
  const clear = () => {
    setValue(NO_AUDIT_FILTER);
    setErrors({});
    onApply(NO_AUDIT_FILTER);
  };

  return (
    <form className="audit-filters" noValidate onSubmit={submit} aria-label="Filter the audit report">
      <fieldset className="record-filters">
        <legend className="record-filters__legend">Filter</legend>
        <p className="muted audit-filters__note">Dates and times are in UTC. Leave a field empty for any.</p>
        {errors.range && (
          <p id={ids.range} className="field__error" role="alert">
            {errors.range}
          </p>
        )}
        <div className="record-filters__fields">
          <DateRangeFields
            from={value.from}
            to={value.to}
            onFromChange={(from) => set('from', from)}
            onToChange={(to) => set('to', to)}
            invalid={Boolean(errors.range)}
            errorId={ids.range}
          />
          <div className="record-filters__field">
            <label className="field__label" htmlFor={ids.action}>
              Action
            </label>
            <select id={ids.action} className="input" value={value.action} onChange={(e) => set('action', e.target.value)}>
              <option value="">Any action</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a.value} value={a.value}>
                  {a.label}
                </option>
              ))}
            </select>
          </div>
          <div className="record-filters__field">
            <label className="field__label" htmlFor={ids.outcome}>
              Outcome
            </label>
            <select id={ids.outcome} className="input" value={value.outcome} onChange={(e) => set('outcome', e.target.value as AuditFilterValue['outcome'])}>
              <option value="">Any outcome</option>
              {AUDIT_OUTCOMES.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="record-filters__fields audit-filters__ids">
          <div className="record-filters__field audit-filters__id">
            <label className="field__label" htmlFor={ids.actor}>
              User ID
            </label>
            <span id={ids.actorHint} className="field__hint">
              As in the User column
            </span>
            <input
              id={ids.actor}
              className="input mono"
              value={value.actorId}
              maxLength={100}
              autoComplete="off"
              spellCheck={false}
              aria-describedby={ids.actorHint}
              onChange={(e) => set('actorId', e.target.value)}
            />
          </div>
          <div className="record-filters__field audit-filters__id">
            <label className="field__label" htmlFor={ids.patient}>
              Patient ID
            </label>
            <span id={ids.patientHint} className="field__hint">
              Type a name to choose a patient
            </span>
            {errors.patientId && (
              <p id={`${ids.patient}-error`} className="field__error">
                <span className="visually-hidden">Error:</span> {errors.patientId}
              </p>
            )}
            <input
              id={ids.patient}
              className="input mono"
              list={ids.patients}
              value={value.patientId}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={errors.patientId ? true : undefined}
              aria-describedby={errors.patientId ? `${ids.patientHint} ${ids.patient}-error` : ids.patientHint}
              onChange={(e) => set('patientId', e.target.value)}
            />
            <datalist id={ids.patients}>
              {patients.map((p) => (
                <option key={p.patientId} value={p.patientId} label={`${patientName(p)} (MRN ${p.mrn})`} />
              ))}
            </datalist>
          </div>
        </div>
        <div className="button-row audit-filters__actions">
          <Button type="submit">Show events</Button>
          {(isAuditFiltered(value) || isAuditFiltered(applied)) && (
            <Button variant="secondary" onClick={clear}>
              Clear filters
            </Button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
