import { useId } from 'react';
import { Link } from 'react-router';
import { LinkedPractices } from '../../components/LinkedPractices/LinkedPractices';
import { LinkPracticeForm } from '../../components/LinkPracticeForm/LinkPracticeForm';
import { MyDocuments } from '../../components/MyDocuments/MyDocuments';
import { SecurityPanel } from '../../components/SecurityPanel/SecurityPanel';
import { RESPONSE_DAYS, type Me } from '../../domain';
import { greeting } from '../../lib/format';
import { usePageTitle } from '../../lib/use-page-title';

export function PatientHome({ me }: { me: Me }) {
  usePageTitle('Your health records');
  const recordsId = useId();
  const healthRecordId = useId();
  const practicesId = useId();
  const linkId = useId();
  const correctionsId = useId();
  const sendId = useId();
  const activityId = useId();
  return (
    <>
      <div className="page-head">
        <h1>{greeting()}</h1>
        <p className="lead">Here are the health records your practices have shared with you.</p>
      </div>
      <div className="split split--stacked">
        <div className="split__main">
          <section className="card record-callout" aria-labelledby={healthRecordId}>
            <h2 id={healthRecordId}>Your health record</h2>
            <p>Your health problems, medications, allergies, lab results and more from all your practices, in plain language, with charts.</p>
            <p className="record-callout__action">
              <Link className="button" to="/record">
                Open your health record
              </Link>
            </p>
          </section>
          <section className="card" aria-labelledby={recordsId}>
            <h2 id={recordsId}>Your records</h2>
            <MyDocuments />
          </section>
          <section className="card" aria-labelledby={correctionsId}>
            <h2 id={correctionsId}>Something wrong in your record?</h2>
            <p>
              You can ask a practice to correct what it shared with you. Choose “Request a correction” next to an item in
              your health record or on a document, or ask about anything else. The practice must answer within {RESPONSE_DAYS} days.
            </p>
            <p className="button-row">
              <Link className="button button--secondary" to="/corrections/new">
                Ask for a correction
              </Link>
              <Link to="/corrections">See your correction requests</Link>
            </p>
          </section>
          <section className="card" aria-labelledby={sendId}>
            <h2 id={sendId}>Send a copy of your records</h2>
            <p>
              Send your records to another doctor, a lawyer, a relative or an app. They get a secure link that stops working after the date
              you choose, and you can see when they download them.
            </p>
            <p className="button-row">
              <Link className="button button--secondary" to="/send">
                Send my records
              </Link>
              <Link to="/transmissions">See the records you’ve sent</Link>
            </p>
          </section>
          <section className="card" aria-labelledby={activityId}>
            <h2 id={activityId}>Who saw your records</h2>
            <p>See everyone who looked at, downloaded or sent your records, every sign-in to your account, and every copy given to someone else.</p>
            <p className="button-row">
              <Link className="button button--secondary" to="/activity">
                See who saw your records
              </Link>
              <Link to="/activity/disclosures">Accounting of disclosures</Link>
            </p>
          </section>
        </div>
        <div className="split__side">
          <section className="card" aria-labelledby={practicesId}>
            <h2 id={practicesId}>Your practices</h2>
            <LinkedPractices links={me.links} />
          </section>
          <section className="card" aria-labelledby={linkId}>
            <h2 id={linkId}>Link another practice</h2>
            <p>Seeing another doctor who uses this portal? Enter the invitation code they gave you.</p>
            <LinkPracticeForm />
          </section>
          <SecurityPanel />
        </div>
      </div>
    </>
  );
}
