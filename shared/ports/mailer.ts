/**
 * Outgoing e-mail. Messages carry a notice and a link to sign in, never PHI: no names, dates of birth, record
 * content or practice-patient relationships beyond what the addressee already knows. Templates that build them
 * live in shared/notifications/ and take no patient data.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  /** Plain text body (the HTML body, if any, says the same). */
  text: string;
  html?: string;
  /** What kind of notice this is ('correction.received', ...): for the local outbox and tests, not shown. */
  tag: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
