import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../ports/mailer';
import { checkMail, MailNotSentError } from './errors';

export interface SesMailerOptions {
  /** The sender address; it (or its domain) must be a verified SES identity the function may send from. */
  from: string;
  /** SES configuration set for event publishing, if one is configured. */
  configurationSet?: string;
}

/** Errors after which the same message may go through later (the SDK has already retried a few times). */
const RETRYABLE = new Set(['TooManyRequestsException', 'LimitExceededException', 'SendingPausedException', 'AccountSuspendedException', 'InternalFailure', 'ServiceUnavailable', 'TimeoutError']);

/** Sends through Amazon SES (API v2), one recipient per message, text and optional HTML. */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    checkMail(mail);
    const content = (data: string) => ({ Data: data, Charset: 'UTF-8' });
    try {
      await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.options.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: content(mail.subject),
              Body: { Text: content(mail.text), ...(mail.html ? { Html: content(mail.html) } : {}) },
            },
          },
          // Tag values allow letters, digits, '_' and '-' only.
          EmailTags: [{ Name: 'notice', Value: mail.tag.replace(/[^A-Za-z0-9_-]/g, '_') }],
          ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
        }),
      );
    } catch (error) {
      // Only the error's name travels on: SES messages can quote the recipient's address.
      const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
      const reason = (e.name ?? 'Error').replace(/[^A-Za-z0-9_]/g, '');
      // No HTTP status: SES was not reached (network, credentials), which says nothing about the message.
      const status = e.$metadata?.httpStatusCode;
      throw new MailNotSentError(reason, RETRYABLE.has(reason) || Boolean(e.$retryable) || status === undefined || status >= 500);
    }
  }
}
