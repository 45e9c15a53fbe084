/** SesMailer against a mocked SES v2 client: what it asks SES to send, and what a caller sees when SES refuses. */
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { MessageRejected, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { SesMailer } from '../../../shared/adapters/mail/ses-mailer';
import { MailNotSentError } from '../../../shared/adapters/mail/errors';
import { LoggedMailer, mailerFromConfig, UnconfiguredMailer } from '../../../shared/adapters/mail/mailer-from-config';
import { loadConfig } from '../../../shared/platform/config';
import type { OutgoingMail } from '../../../shared/ports/mailer';

const client = new SESv2Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const ses = mockClient(client);
afterEach(() => ses.reset());

const notice: OutgoingMail = {
  to: 'alex.rivera@example.com',
  subject: 'Your correction request was received',
  text: 'Sign in to see it: https://portal.example.org/corrections',
  html: '<p>Sign in to see it: <a href="https://portal.example.org/corrections">portal</a></p>',
  tag: 'correction.received',
};

describe('SesMailer', () => {
  it('sends one message from the configured address with the subject, text and HTML bodies', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = new SesMailer(client, { from: 'notices@portal.example.org', configurationSet: 'portal-notices' });

    // Act
    await mailer.send(notice);

    // Assess
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.FromEmailAddress).toBe('notices@portal.example.org');
    expect(input.Destination).toEqual({ ToAddresses: ['alex.rivera@example.com'] });
    expect(input.Content?.Simple?.Subject).toEqual({ Data: notice.subject, Charset: 'UTF-8' });
    expect(input.Content?.Simple?.Body?.Text).toEqual({ Data: notice.text, Charset: 'UTF-8' });
    expect(input.Content?.Simple?.Body?.Html).toEqual({ Data: notice.html, Charset: 'UTF-8' });
    expect(input.ConfigurationSetName).toBe('portal-notices');
    // SES tag values allow letters, digits, '_' and '-' only.
    expect(input.EmailTags).toEqual([{ Name: 'notice', Value: 'correction_received' }]);
  });

  it('sends text only when there is no HTML, and no configuration set unless configured', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-2' });
    await new SesMailer(client, { from: 'notices@portal.example.org' }).send({ ...notice, html: undefined });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Body).toEqual({ Text: { Data: notice.text, Charset: 'UTF-8' } });
    expect(input).not.toHaveProperty('ConfigurationSetName');
  });

  it('turns a refusal into a MailNotSentError that names the cause without quoting SES', async () => {
    ses.on(SendEmailCommand).rejects(new MessageRejected({ message: 'Email address is not verified: alex.rivera@example.com', $metadata: { httpStatusCode: 400 } }));
    const error = await new SesMailer(client, { from: 'notices@portal.example.org' }).send(notice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailNotSentError);
    expect(error).toMatchObject({ code: 'mail_not_sent', status: 503, reason: 'MessageRejected', retryable: false });
    expect(JSON.stringify((error as MailNotSentError).toJSON())).not.toContain('alex.rivera');
    expect((error as Error).message).not.toContain('alex.rivera');
  });

  it('marks throttling as worth retrying', async () => {
    ses.on(SendEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: { httpStatusCode: 429 } }));
    const mailer = new SesMailer(client, { from: 'notices@portal.example.org' });
    await expect(mailer.send(notice)).rejects.toMatchObject({ reason: 'TooManyRequestsException', retryable: true });
  });

  it('refuses a recipient that could add headers or recipients, without calling SES', async () => {
    const mailer = new SesMailer(client, { from: 'notices@portal.example.org' });
    for (const to of ['a@example.com\r\nBcc: b@example.com', 'a@example.com, b@example.com', 'Alex <a@example.com>', 'not-an-address']) {
      await expect(mailer.send({ ...notice, to })).rejects.toMatchObject({ code: 'mail_not_sent', reason: 'invalid_recipient' });
    }
    await expect(mailer.send({ ...notice, subject: 'Hi\nBcc: b@example.com' })).rejects.toMatchObject({ reason: 'invalid_subject' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});

describe('mailerFromConfig', () => {
  const base = { MAIN_TABLE: 'm', AUDIT_TABLE: 'a', DOCUMENTS_BUCKET: 'b', USER_POOL_ID: 'p', USER_POOL_CLIENT_ID: 'c' };

  const inner = (mailer: unknown) => (mailer as LoggedMailer).inner;

  it('chooses SES in AWS and the outbox on the local stack', () => {
    const aws = loadConfig({ ...base, MAIL_FROM: 'notices@portal.example.org', PORTAL_URL: 'https://portal.example.org/' });
    expect(inner(mailerFromConfig(aws))).toBeInstanceOf(SesMailer);
    expect(aws.portalUrl).toBe('https://portal.example.org');
    const local = loadConfig({ ...base, PORTAL_LOCAL: 'true', MAIL_OUTBOX_DIR: '/tmp/outbox', PORTAL_URL: 'http://127.0.0.1:3000' });
    expect(inner(mailerFromConfig(local)).constructor.name).toBe('OutboxMailer');
    expect(local.portalUrl).toBe('http://127.0.0.1:3000');
  });

  it('refuses to send when the deployment named no sender or no portal URL, and logs the cause without the address', async () => {
    const logged: unknown[] = [];
    const noFrom = mailerFromConfig(loadConfig({ ...base, PORTAL_URL: 'https://portal.example.org' }), (fields) => logged.push(fields));
    const noUrl = mailerFromConfig(loadConfig({ ...base, MAIL_FROM: 'notices@portal.example.org' }));
    expect(inner(noFrom)).toBeInstanceOf(UnconfiguredMailer);
    expect(inner(noUrl)).toBeInstanceOf(UnconfiguredMailer);
    await expect(noFrom.send(notice)).rejects.toMatchObject({ code: 'mail_not_sent', reason: 'not_configured' });
    expect(logged).toEqual([{ tag: 'correction.received', reason: 'not_configured', retryable: false }]);
  });

  it('refuses an outbox outside the local stack, and a portal URL that is not http(s)', () => {
    expect(() => loadConfig({ ...base, MAIL_OUTBOX_DIR: '/tmp/outbox' })).toThrow(/local stack only/);
    expect(() => loadConfig({ ...base, PORTAL_URL: 'javascript:alert(1)' })).toThrow(/PORTAL_URL/);
  });
});
