import { useId } from 'react';
import { useVerifyMyActivity } from '../../api/hooks';
import { portalApi } from '../../api/portal-api';
import type { ChainVerification } from '../../domain';
import { formatDateTime } from '../../lib/format';
import { ActivityDownload } from '../ActivityDownload/ActivityDownload';
import { digestPeriodText, shortHash } from '../ActivityText/activity-text';
import { Button } from '../Button/Button';
import { Notice } from '../Notice/Notice';
import { QueryError } from '../QueryError/QueryError';

type Problem = ChainVerification['problems'][number];

/** One problem of a chain, in plain words. */
export function problemText(problem: Problem): string {
  switch (problem.kind) {
    case 'changed':
      return `Event #${problem.seq} was changed after it was recorded.`;
    case 'missing':
      return `Event #${problem.seq} is missing.`;
    case 'broken-link':
      return `Event #${problem.seq} does not follow on from the event before it (the link between them is broken).`;
  }
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** What the published digest says about a chain: fixed by it, not matching it, or none published yet. */
function AnchorText({ chain }: { chain: ChainVerification }) {
  const { anchor, head } = chain;
  if (!anchor) {
    return <p className="activity-chain__anchor muted">Not yet in a published digest. Digests are published every hour.</p>;
  }
  const period = digestPeriodText(anchor.period);
  return (
    <div className="activity-chain__anchor">
      {anchor.matches ? (
        <p>
          Fixed by the published digest of {period}
          {head && head.seq > anchor.seq ? ` (up to event #${anchor.seq}; later events go into the next hourly digest).` : '.'}
        </p>
      ) : (
        <p className="activity-chain__mismatch">
          Does not match the published digest of {period}: event #{anchor.seq} is no longer what the digest recorded.
        </p>
      )}
      <details className="activity-chain__digest">
        <summary>
          Digest SHA-256 <code>{shortHash(anchor.digestSha256)}</code>
          <span className="visually-hidden"> (show in full)</span>
        </summary>
        <code className="activity-chain__hash">{anchor.digestSha256}</code>
      </details>
    </div>
  );
}

function ChainResult({ chain }: { chain: ChainVerification }) {
  return (
    <li className="activity-chain">
      <p className="activity-chain__label">
        <strong>{chain.label}</strong>
        {': '}
        {chain.ok ? (
          <span className="activity-chain__status">
            {plural(chain.events, 'event', 'events')}, unbroken <span className="badge badge--linked">Complete</span>
          </span>
        ) : (
          <span className="activity-chain__status">
            {plural(chain.events, 'event', 'events')} <span className="badge badge--alert">
              <span className="badge__icon" aria-hidden="true">
                !
              </span>
              Problems found
            </span>
          </span>
        )}
      </p>
      {chain.problems.length > 0 && (
        <ul className="activity-chain__problems">
          {chain.problems.map((problem) => (
            <li key={`${problem.kind}-${problem.seq}`}>{problemText(problem)}</li>
          ))}
        </ul>
      )}
      <AnchorText chain={chain} />
    </li>
  );
}

/**
 * "Check that this history is complete": each chain of the patient's history recomputed on the server and compared
 * with the hourly digest nobody can change afterwards; and the history as a file, to check it again offline.
 */
export function ActivityVerify() {
  const headingId = useId();
  const verify = useVerifyMyActivity();
  const result = verify.data;
  return (
    <section className="card activity-verify" aria-labelledby={headingId}>
      <h2 id={headingId}>Check that this history is complete</h2>
      <p>
        Each event in your history is linked to the one before it by a digital fingerprint, so no event can be changed or removed without it
        showing. Every hour the portal also publishes a digest of these fingerprints that nobody can change afterwards.
      </p>
      <p className="button-row">
        <Button variant="secondary" pending={verify.isPending} pendingLabel="Checking…" onClick={() => verify.mutate()}>
          {result ? 'Check again' : 'Check now'}
        </Button>
      </p>
      {verify.isError && <QueryError error={verify.error} title="We couldn't check your history" />}
      {result && !verify.isPending && (
        <div className="activity-verify__result">
          {result.ok ? (
            <Notice tone="success">
              <strong>Your history is complete.</strong> Every event is in place and unchanged (checked {formatDateTime(result.checkedAt)}).
            </Notice>
          ) : (
            <div className="alert alert--error" role="alert">
              <p className="alert__title">We found problems in your history</p>
              <p>Some events were changed or are missing (checked {formatDateTime(result.checkedAt)}). Please tell your practice.</p>
            </div>
          )}
          <ul className="activity-chains">
            {result.chains.map((chain) => (
              <ChainResult key={chain.chain} chain={chain} />
            ))}
          </ul>
        </div>
      )}
      <h3 className="activity-verify__keep">
        Keep a copy to check yourself
      </h3>
      <p>
        Download the whole history as a file (JSON). You, or someone you trust, can check it offline at any time: recompute each event’s
        fingerprint and compare the last one with the digest published for that hour.
      </p>
      <ActivityDownload label="Download the history (JSON)" build={portalApi.exportMyActivity} />
      <details className="activity-verify__how">
        <summary>How to check the file</summary>
        <p>
          With the portal’s open-source code, run <code>npm run audit:verify -- --export &lt;file&gt; --digest &lt;digest.json&gt;</code> (see
          “A third party re-checks an export offline” in docs/operations.md). Your practice can give you the digest of an hour; check its SHA-256
          against the one shown above after a check.
        </p>
      </details>
    </section>
  );
}
