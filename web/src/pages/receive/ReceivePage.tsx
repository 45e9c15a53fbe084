import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/api-error';
import { recipientApi } from '../../api/recipient-api';
import { Button } from '../../components/Button/Button';
import { LoadingState } from '../../components/LoadingState/LoadingState';
import type { RecipientPackage } from '../../domain';
import { startDownload } from '../../lib/download';
import { usePageTitle } from '../../lib/use-page-title';
import { AccessCodeForm } from './AccessCodeForm';
import { LinkEnded, SessionExpired } from './LinkEnded';
import { ReceivedPackage } from './ReceivedPackage';
import { linkOutcome, tokenFromHash, type GoneReason, type LinkToken } from './receive-link';
import { useHeadingFocus } from './use-heading-focus';

type Phase =
  | { kind: 'opening' }
  | { kind: 'code' }
  | { kind: 'package'; pkg: RecipientPackage }
  | { kind: 'gone'; reason: GoneReason }
  | { kind: 'session-expired' }
  | { kind: 'failed'; message: string };

/**
 * /receive#<token>: the third party a patient sent their records to (HIPAA 164.524(c)(3)(ii), ONC 170.315(e)(1)).
 * No account: the link's token (read from the fragment, then wiped from the address bar and kept in memory only)
 * and, for the encrypted method, the access code the patient passed on separately. Nothing about the patient is
 * shown before the code is right; the records, once open, live in this component's state and nowhere else.
 */
export function ReceivePage() {
  const location = useLocation();
  const navigate = useNavigate();
  // Read on arrival: the address loses its fragment right after. A link pasted into the address bar while this page
  // is open arrives as a fragment change, not a page load (and a browser gives it no history state to tell it by):
  // a fragment that appears again after being wiped is a new visit.
  const [seen, setSeen] = useState(location.hash);
  const [visit, setVisit] = useState(() => ({ n: 0, link: tokenFromHash(location.hash) }));
  if (location.hash !== seen) {
    setSeen(location.hash);
    if (location.hash) setVisit({ n: visit.n + 1, link: tokenFromHash(location.hash) });
  }

  // Off the address bar at once (history.replaceState, through the router so that it agrees): not in the history,
  // bookmarks or a screenshot, not readable by anything that reads location later.
  useEffect(() => {
    if (location.hash) void navigate({ pathname: location.pathname, search: location.search, hash: '' }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  return <ReceiveVisit key={visit.n} link={visit.link} />;
}

/** One opening of one link: the token lives here, in memory, for as long as the page shows it. */
function ReceiveVisit({ link }: { link: LinkToken }) {
  const token = link.kind === 'token' ? link.token : '';
  const [phase, setPhase] = useState<Phase>(() => (link.kind === 'token' ? { kind: 'opening' } : { kind: 'gone', reason: link.kind === 'missing' ? 'missing' : 'invalid' }));

  /** The answers that end the visit switch the page; anything else is the caller's to show. */
  const ended = useCallback((error: unknown, unknownIsInvalid: boolean) => {
    const outcome = linkOutcome(error, { unknownIsInvalid });
    if (outcome) setPhase(outcome);
    return Boolean(outcome);
  }, []);

  const open = useCallback(async () => {
    setPhase({ kind: 'opening' });
    try {
      const opened = await recipientApi.open(token);
      setPhase(opened.status === 'open' ? { kind: 'package', pkg: opened.package } : { kind: 'code' });
    } catch (error) {
      if (!ended(error, true)) setPhase({ kind: 'failed', message: errorMessage(error) });
    }
  }, [token, ended]);

  // Once, even under StrictMode's double effects: every open is recorded on the patient's side.
  const started = useRef(false);
  useEffect(() => {
    if (link.kind !== 'token' || started.current) return;
    started.current = true;
    void open();
  }, [link.kind, open]);

  const unlock = async (code: string) => {
    try {
      setPhase({ kind: 'package', pkg: await recipientApi.unlock(token, code) });
    } catch (error) {
      if (!ended(error, true)) throw error;
    }
  };

  const updatePackage = (change: Partial<RecipientPackage>) => setPhase((current) => (current.kind === 'package' ? { kind: 'package', pkg: { ...current.pkg, ...change } } : current));

  if (phase.kind === 'package') {
    const { session } = phase.pkg;
    const download = async (name: string) => {
      try {
        const answer = await recipientApi.download(token, session, name);
        startDownload(answer.url);
        updatePackage({ downloadsLeft: answer.downloadsLeft });
        return answer;
      } catch (error) {
        if (ended(error, false)) return undefined;
        throw error;
      }
    };
    const confirm = async () => {
      try {
        const answer = await recipientApi.confirm(token, session);
        updatePackage({ confirmedAt: answer.confirmedAt });
        return answer;
      } catch (error) {
        // A link that ended meanwhile (revoked, expired) shows its page.
        if (ended(error, false)) return undefined;
        throw error;
      }
    };
    return <ReceivedPackage pkg={phase.pkg} onDownload={download} onConfirm={confirm} />;
  }
  switch (phase.kind) {
    case 'opening':
      return <Opening />;
    case 'code':
      return <AccessCodeForm onSubmit={unlock} />;
    case 'gone':
      return <LinkEnded reason={phase.reason} />;
    case 'session-expired':
      return <SessionExpired onOpenAgain={() => void open()} />;
    case 'failed':
      return <OpenFailed message={phase.message} onRetry={() => void open()} />;
  }
}

function Opening() {
  usePageTitle('Records sent to you');
  return <LoadingState label="Opening the link…" />;
}

function OpenFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  usePageTitle('The records could not be opened');
  const heading = useHeadingFocus('failed');
  return (
    <div className="page-head receive-ended">
      <h1 ref={heading} tabIndex={-1}>
        The records could not be opened
      </h1>
      <p>{message}</p>
      <p>
        <Button onClick={onRetry}>Try again</Button>
      </p>
    </div>
  );
}
