import type { ReactNode } from 'react';
import { Button } from '../../components/Button/Button';
import { usePageTitle } from '../../lib/use-page-title';
import type { GoneReason } from './receive-link';
import { useHeadingFocus } from './use-heading-focus';

const ASK_AGAIN = 'If you still need the records, ask the person who sent them to send them again. They can do it from their patient portal in a few minutes.';

const PAGES: Record<GoneReason, { title: string; body: ReactNode }> = {
  revoked: {
    title: 'These records have been withdrawn',
    body: <p>The person who sent them has withdrawn this link, so nothing can be downloaded from it any more. {ASK_AGAIN}</p>,
  },
  expired: {
    title: 'This link has expired',
    body: <p>Links to health records work only for a limited time, and this one has run out. {ASK_AGAIN}</p>,
  },
  exhausted: {
    title: 'This link has been used up',
    body: <p>It has been used for as many downloads as the sender allowed. {ASK_AGAIN}</p>,
  },
  locked: {
    title: 'This link is locked',
    body: <p>A wrong access code was entered too many times, so the link has been locked for good to protect the records. {ASK_AGAIN}</p>,
  },
  invalid: {
    title: 'This link is not valid',
    body: (
      <>
        <p>Check that you opened the whole link from the e-mail: it is long, and some e-mail programs break it across two lines. Copy all of it into the address bar if needed.</p>
        <p>If it still does not work, ask the person who sent the records to send them again.</p>
      </>
    ),
  },
  missing: {
    title: 'Open the link from your e-mail',
    body: (
      <>
        <p>This page opens health records that someone sent you. It needs the full link from the e-mail you received.</p>
        <p>
          To keep the records safe, the secret part of the link is removed from the address bar as soon as the page opens. Reloading the page or using a
          bookmark cannot open the records again: go back to the e-mail and open the link there.
        </p>
      </>
    ),
  },
};

/** A link that no longer works (or never did): what happened and what to do, without a word about the records. */
export function LinkEnded({ reason }: { reason: GoneReason }) {
  const { title, body } = PAGES[reason];
  usePageTitle(title);
  const heading = useHeadingFocus(reason);
  return (
    <div className="page-head receive-ended">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {body}
    </div>
  );
}

/** The page's session has timed out: the link (still in memory) opens it again, with the code if there is one. */
export function SessionExpired({ onOpenAgain }: { onOpenAgain: () => void }) {
  usePageTitle('Your access has timed out');
  const heading = useHeadingFocus('session-expired');
  return (
    <div className="page-head receive-ended">
      <h1 ref={heading} tabIndex={-1}>
        Your access has timed out
      </h1>
      <p>For your security, this page stops working a while after it was opened. Open it again to carry on (you may need the access code again).</p>
      <p>
        <Button onClick={onOpenAgain}>Open again</Button>
      </p>
    </div>
  );
}
