import { DomainError } from '../../errors';
import type { OutgoingMail } from '../../ports/mailer';

/**
 * A notice that was not sent. The caller decides whether that fails its request (usually it should not: a notice
 * points to the portal, where the information is anyway). `code` is always 'mail_not_sent', so use cases can
 * recognise it without importing adapters; `reason` names the cause (an SES error name, 'invalid_recipient',
 * 'not_configured') without quoting the provider's message, which can contain the address; `retryable` says
 * whether sending the same message later may work. Uncaught, it answers 503 like any unavailable dependency.
 */
export class MailNotSentError extends DomainError {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super('mail_not_sent', 503, 'The e-mail notice could not be sent.');
  }
}

/** One plain address: no display name, no list, nothing that could smuggle a header. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Refuses messages that SES would refuse or that could inject headers, so that the local outbox fails where AWS
 * would. Throws {@link MailNotSentError}; never quotes the message.
 */
export function checkMail(mail: OutgoingMail): void {
  if (typeof mail.to !== 'string' || mail.to.length > 254 || !ADDRESS.test(mail.to)) throw new MailNotSentError('invalid_recipient', false);
  if (!mail.subject || /[\r\n]/.test(mail.subject) || mail.subject.length > 998) throw new MailNotSentError('invalid_subject', false);
  if (!mail.text) throw new MailNotSentError('empty_body', false);
  if (!mail.tag || mail.tag.length > 100) throw new MailNotSentError('invalid_tag', false);
}
