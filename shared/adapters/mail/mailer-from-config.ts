import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../ports/mailer';
import { MAIL_ENV, type PortalConfig } from '../../platform/config';
import { MailNotSentError } from './errors';
import { OutboxMailer } from './outbox-mailer';
import { SesMailer } from './ses-mailer';

/**
 * The mailer an environment asks for: the outbox folder on the local stack, SES in AWS. A deployment without a
 * sender address or a portal URL gets a mailer that refuses every message (reason 'not_configured') rather than
 * one that sends notices without a working link; everything else keeps working.
 */
export function mailerFromConfig(config: PortalConfig): Mailer {
  const mail = config.mail;
  if (mail.mode === 'outbox') return new OutboxMailer(mail.dir, mail.from);
  if (!mail.from || !config.portalUrl) return new UnconfiguredMailer(mail.from ? MAIL_ENV.portalUrl : MAIL_ENV.from);
  return new SesMailer(new SESv2Client({ region: config.region }), { from: mail.from, configurationSet: mail.configurationSet });
}

/** Stands in for a mailer when e-mail was not configured at deployment. */
export class UnconfiguredMailer implements Mailer {
  constructor(readonly missing: string) {}
  async send(): Promise<void> {
    throw new MailNotSentError('not_configured', false);
  }
}
