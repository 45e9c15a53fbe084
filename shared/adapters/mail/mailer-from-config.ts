import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../../ports/mailer';
import { MAIL_ENV, type PortalConfig } from '../../platform/config';
import { MailNotSentError } from './errors';
import { OutboxMailer } from './outbox-mailer';
import { SesMailer } from './ses-mailer';

/** What a mail failure log line may say: the kind of notice and the cause, never an address or any content. */
export type MailFailureLog = (fields: { tag: string; reason: string; retryable: boolean }) => void;

/**
 * The mailer an environment asks for: the outbox folder on the local stack, SES in AWS. A deployment without a
 * sender address or a portal URL gets a mailer that refuses every message (reason 'not_configured') rather than
 * one that sends notices without a working link; everything else keeps working. Failures are logged here, so
 * that callers may swallow them.
 */
export function mailerFromConfig(config: PortalConfig, log: MailFailureLog = defaultLog()): Mailer {
  const mail = config.mail;
  let mailer: Mailer;
  if (mail.mode === 'outbox') mailer = new OutboxMailer(mail.dir, mail.from);
  else if (!mail.from || !config.portalUrl) mailer = new UnconfiguredMailer(mail.from ? MAIL_ENV.portalUrl : MAIL_ENV.from);
  else mailer = new SesMailer(new SESv2Client({ region: config.region }), { from: mail.from, configurationSet: mail.configurationSet });
  return new LoggedMailer(mailer, log);
}

function defaultLog(): MailFailureLog {
  const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'patient-portal' });
  return (fields) => logger.warn('mail not sent', fields);
}

/** Stands in for a mailer when e-mail was not configured at deployment. */
export class UnconfiguredMailer implements Mailer {
  /** @param missing the environment variable that was not set (for whoever reads the code or a debugger) */
  constructor(readonly missing: string) {}
  async send(): Promise<void> {
    throw new MailNotSentError('not_configured', false);
  }
}

/** Logs each failure of the mailer it wraps (tag and cause only) and passes the error on unchanged. */
export class LoggedMailer implements Mailer {
  constructor(
    readonly inner: Mailer,
    private readonly log: MailFailureLog,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.inner.send(mail);
    } catch (error) {
      const known = error instanceof MailNotSentError;
      this.log({ tag: mail.tag, reason: known ? error.reason : ((error as Error)?.name ?? 'Error'), retryable: known ? error.retryable : false });
      throw error;
    }
  }
}
