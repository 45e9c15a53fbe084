import { useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useCreateCorrection, useMe } from '../../api/hooks';
import { Button } from '../../components/Button/Button';
import { correctionPath, parseCorrectionTarget, type CorrectionTarget } from '../../components/CorrectionLinks/correction-links';
import { CorrectionNotifyFields, type NotifyRow } from '../../components/CorrectionNotifyFields/CorrectionNotifyFields';
import { CorrectionTargetSummary } from '../../components/CorrectionTargetSummary/CorrectionTargetSummary';
import { CorrectionTextArea } from '../../components/CorrectionTextArea/CorrectionTextArea';
import { ErrorSummary } from '../../components/ErrorSummary/ErrorSummary';
import { Notice } from '../../components/Notice/Notice';
import { EXTENSION_DAYS, RESPONSE_DAYS, type AccountLink, type DocumentSummary, type RecordItemView } from '../../domain';
import { useFormErrors } from '../../forms/use-form-errors';
import { usePageTitle } from '../../lib/use-page-title';
import { correctionErrorsFromApi, correctionSummaryItems, FIELD_IDS, validateCorrection, type CorrectionFormValues } from './correction-form';
import type { CorrectionPageState } from './CorrectionPage';

/** A row or the document viewer hands over what the patient was looking at, sparing a lookup. */
export interface NewCorrectionState {
  item?: RecordItemView;
  document?: DocumentSummary;
}

const TEXT_MAX = 2000;

function handedOver(state: unknown): NewCorrectionState {
  const s = (state ?? {}) as NewCorrectionState;
  return {
    ...(s.item && typeof s.item === 'object' && typeof s.item.itemKey === 'string' && typeof s.item.resource === 'object' ? { item: s.item } : {}),
    ...(s.document && typeof s.document === 'object' && typeof s.document.documentId === 'string' && typeof s.document.title === 'string' ? { document: s.document } : {}),
  };
}

/** One entry per practice, whichever registrations link it. */
function practicesOf(links: readonly AccountLink[]): AccountLink[] {
  const seen = new Set<string>();
  return links.filter((link) => !seen.has(link.practiceId) && seen.add(link.practiceId));
}

function PracticeChoice({ practices, value, onChange, error }: { practices: readonly AccountLink[]; value: string; onChange: (practiceId: string) => void; error?: string | undefined }) {
  const hintId = useId();
  const errorId = useId();
  return (
    <fieldset className={error ? 'field field--error choice-group' : 'field choice-group'} aria-describedby={error ? `${hintId} ${errorId}` : hintId}>
      <legend className="field__label">Which practice should correct it?</legend>
      <p className="field__hint" id={hintId}>
        Use this for something not tied to one item, for example an allergy that is missing or a wrong address. To correct
        one item or document, choose "Request a correction" next to it in <Link to="/record">your health record</Link> or
        on the document.
      </p>
      {error && (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">Error:</span> {error}
        </p>
      )}
      {practices.map((practice, i) => (
        <div key={practice.practiceId} className="choice">
          <input
            id={`correction-practice-${i}`}
            className="choice__input"
            type="radio"
            name="correction-practice"
            value={practice.practiceId}
            checked={value === practice.practiceId}
            onChange={() => onChange(practice.practiceId)}
          />
          <label className="choice__label" htmlFor={`correction-practice-${i}`}>
            {practice.practiceName}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

/** /corrections/new: the patient asks a practice to correct an item, a document, or something else in their record. */
export function NewCorrectionPage() {
  usePageTitle('Ask for a correction');
  const me = useMe();
  const [search] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const parsed = useMemo(() => parseCorrectionTarget(search), [search]);
  const given = useMemo(() => handedOver(location.state), [location.state]);
  const practices = useMemo(() => practicesOf(me.data?.links ?? []), [me.data]);
  const aboutId = useId();
  const requestId = useId();

  const initialPractice = parsed.kind === 'general' && parsed.practiceId ? parsed.practiceId : practices.length === 1 ? practices[0]!.practiceId : '';
  const [practiceId, setPracticeId] = useState(initialPractice);
  const [whatIsWrong, setWhatIsWrong] = useState('');
  const [shouldSay, setShouldSay] = useState('');
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState<NotifyRow[]>([]);
  const form = useFormErrors();
  const create = useCreateCorrection();

  const target: CorrectionFormValues['target'] = parsed.kind === 'document' || parsed.kind === 'item' ? parsed.target : { kind: 'general', practiceId };
  const values: CorrectionFormValues = { target, whatIsWrong, shouldSay, reason, notify };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (create.isPending) return;
    const result = validateCorrection(values);
    if (!result.ok) {
      form.fail({ fields: result.fields });
      return;
    }
    form.clear();
    try {
      const created = await create.mutateAsync(result.data);
      const state: CorrectionPageState = { created: true };
      await navigate(correctionPath(created.requestId), { state });
    } catch (error) {
      form.fail(correctionErrorsFromApi(error, values));
    }
  };

  const head = (
    <>
      <p className="back-link">
        <Link to="/corrections">← Your correction requests</Link>
      </p>
      <div className="page-head">
        <h1>Ask for a correction</h1>
        <p className="lead">
          If something in your record is wrong or missing, you can ask the practice to correct it. They must answer within{' '}
          {RESPONSE_DAYS} days.
        </p>
      </div>
    </>
  );

  if (practices.length === 0) {
    return (
      <>
        {head}
        <p className="empty-state">
          You aren't linked to a practice yet, so there is no record to correct. <Link to="/">Link a practice</Link> with
          the invitation code it gave you.
        </p>
      </>
    );
  }

  const { errors } = form;
  return (
    <>
      {head}
      <form className="form correction-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <ErrorSummary message={errors.message} items={correctionSummaryItems(errors.fields, notify.length)} focusKey={form.attempt} />
        {parsed.kind === 'invalid' && (
          <Notice>
            This link doesn't say which part of your record to correct. You can still ask: choose the practice and describe
            what is wrong.
          </Notice>
        )}
        <section className="card correction-form__section" aria-labelledby={aboutId}>
          <h2 id={aboutId}>What your request is about</h2>
          {target.kind === 'general' ? (
            <PracticeChoice practices={practices} value={practiceId} onChange={setPracticeId} error={errors.fields.practice} />
          ) : (
            <CorrectionTargetSummary target={target} handedOverItem={given.item} handedOverDocument={given.document} />
          )}
        </section>
        <section className="card correction-form__section" aria-labelledby={requestId}>
          <h2 id={requestId}>Your request</h2>
          <div className="form">
            <CorrectionTextArea
              id={FIELD_IDS.whatIsWrong}
              label="What is wrong"
              hint="Say what is wrong or missing, for example “The dose is wrong” or “I am not allergic to penicillin”."
              value={whatIsWrong}
              onValueChange={setWhatIsWrong}
              error={errors.fields.whatIsWrong}
              maxChars={TEXT_MAX}
            />
            <CorrectionTextArea
              id={FIELD_IDS.shouldSay}
              label="What should it say"
              hint="Write it as you think it should read in your record."
              value={shouldSay}
              onValueChange={setShouldSay}
              error={errors.fields.shouldSay}
              maxChars={TEXT_MAX}
            />
            <CorrectionTextArea
              id={FIELD_IDS.reason}
              label="Why"
              hint="Why the record should change, for example what your doctor told you or a test from another clinic."
              value={reason}
              onValueChange={setReason}
              error={errors.fields.reason}
              maxChars={TEXT_MAX}
            />
            <CorrectionNotifyFields idPrefix={FIELD_IDS.notifyPrefix} rows={notify} onChange={setNotify} errors={errors.fields} />
          </div>
        </section>
        <div className="correction-form__next">
          <h2 className="correction-form__next-title">What happens next</h2>
          <p>
            The practice must accept or deny your request within {RESPONSE_DAYS} days. If they need more time they can take{' '}
            {EXTENSION_DAYS} days more, once, and must tell you why. We will e-mail you when they answer, and you can follow
            every step here.
          </p>
        </div>
        <div className="button-row">
          <Button type="submit" pending={create.isPending} pendingLabel="Sending…">
            Send request
          </Button>
          <Link to="/corrections">Cancel</Link>
        </div>
      </form>
    </>
  );
}
