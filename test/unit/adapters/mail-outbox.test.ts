/** The local stack's mailer and its developer page: files a person can read, and HTML that escapes every value. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isOutboxId, OutboxMailer, readOutbox, readOutboxMessage } from '../../../shared/adapters/mail/outbox-mailer';
import { escapeHtml, linkify, OUTBOX_PAGE_CSP, renderOutboxList, renderOutboxMessage } from '../../../infra/local/outbox-page';
import type { OutgoingMail } from '../../../shared/ports/mailer';
import { LocalGateway } from '../../../infra/local/gateway';
import { linksIn, readOutbox as readStackOutbox, waitForMail } from '../../support/outbox';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'outbox-test-')), 'outbox');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

const notice: OutgoingMail = {
  to: 'alex.rivera@example.com',
  subject: 'Your correction request was received',
  text: 'Sign in to see it: https://portal.example.org/corrections.\nThank you.',
  tag: 'correction.received',
};

describe('OutboxMailer', () => {
  it('writes each message as one readable JSON file, creating the folder', async () => {
    // Prepare
    const mailer = new OutboxMailer(dir, 'no-reply@portal.localhost', () => new Date('2026-05-01T12:34:56.789Z'));

    // Act
    await mailer.send({ ...notice, html: '<p>Sign in</p>' });

    // Assess
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^2026-05-01T12-34-56-789Z-\d{4}[0-9a-f]{12}\.json$/);
    const written = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
    expect(written).toEqual({
      id: files[0]!.replace(/\.json$/, ''),
      from: 'no-reply@portal.localhost',
      to: notice.to,
      subject: notice.subject,
      text: notice.text,
      html: '<p>Sign in</p>',
      tag: notice.tag,
      sentAt: '2026-05-01T12:34:56.789Z',
    });
  });

  it('keeps every one of many concurrent sends, in a file of its own, with no temporary files left', async () => {
    const at = new Date('2026-05-01T12:00:00.000Z');
    // Two mailers on one folder, same millisecond: as two handlers of the local stack could be.
    const mailers = [new OutboxMailer(dir, 'a@portal.localhost', () => at), new OutboxMailer(dir, 'a@portal.localhost', () => at)];
    await Promise.all(Array.from({ length: 40 }, (_, i) => mailers[i % 2]!.send({ ...notice, to: `patient${i}@example.com` })));

    const files = readdirSync(dir);
    expect(files.filter((f) => !f.endsWith('.json'))).toEqual([]);
    expect(files).toHaveLength(40);
    const recipients = (await readOutbox(dir)).map((m) => m.to).sort();
    expect(recipients).toEqual(Array.from({ length: 40 }, (_, i) => `patient${i}@example.com`).sort());
  });

  it('lists newest first and finds one message by id, refusing anything that is not an id', async () => {
    let t = Date.parse('2026-05-01T12:00:00.000Z');
    const mailer = new OutboxMailer(dir, 'no-reply@portal.localhost', () => new Date((t += 1000)));
    await mailer.send({ ...notice, subject: 'first' });
    await mailer.send({ ...notice, subject: 'second' });

    const messages = await readOutbox(dir);
    expect(messages.map((m) => m.subject)).toEqual(['second', 'first']);
    expect((await readOutboxMessage(dir, messages[1]!.id))?.subject).toBe('first');
    expect(await readOutboxMessage(dir, '../../etc/passwd')).toBeUndefined();
    expect(isOutboxId('..%2F..%2Fetc')).toBe(false);
    expect(await readOutbox(join(dir, 'missing'))).toEqual([]);
  });

  it('refuses what SES would refuse, and writes nothing', async () => {
    const mailer = new OutboxMailer(dir, 'no-reply@portal.localhost');
    await expect(mailer.send({ ...notice, to: 'a@example.com\nBcc: b@example.com' })).rejects.toMatchObject({ code: 'mail_not_sent', reason: 'invalid_recipient' });
    await expect(mailer.send({ ...notice, text: '' })).rejects.toMatchObject({ reason: 'empty_body' });
    expect(await readOutbox(dir)).toEqual([]);
  });
});

describe('the outbox page', () => {
  const hostile = {
    id: '2026-05-01T12-00-00-000Z-0001abcdefabcdef',
    from: 'no-reply@portal.localhost',
    to: '"><script>alert(1)</script>@example.com',
    subject: '<img src=x onerror=alert(1)>',
    text: 'Go to https://portal.example.org/a?b=1&c="x" now. Or javascript:alert(1) <b>bold</b>',
    tag: "tag'<x>",
    sentAt: '2026-05-01T12:00:00.000Z',
  };

  it('escapes every value from a message in the list', () => {
    const html = renderOutboxList([hostile], '/data/<outbox>');
    expect(html).not.toMatch(/<script|<img|<x>/);
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;@example.com');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('tag&#39;&lt;x&gt;');
    expect(html).toContain('/data/&lt;outbox&gt;');
    expect(html).toContain(`href="/_local/outbox/${hostile.id}"`);
  });

  it('shows a message with its http(s) links clickable and nothing else turned into markup', () => {
    const html = renderOutboxMessage(hostile);
    expect(html).toContain('<a href="https://portal.example.org/a?b=1&amp;c=">https://portal.example.org/a?b=1&amp;c=</a>&quot;x&quot; now.');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toMatch(/<script|<img|<x>/);
  });

  it('leaves trailing punctuation out of links', () => {
    expect(linkify('See https://portal.example.org/corrections.')).toBe('See <a href="https://portal.example.org/corrections">https://portal.example.org/corrections</a>.');
    expect(linkify('(https://a.example/x), then')).toBe('(<a href="https://a.example/x">https://a.example/x</a>), then');
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('allows no script on the page', () => {
    expect(OUTBOX_PAGE_CSP).toContain("default-src 'none'");
    expect(OUTBOX_PAGE_CSP).not.toContain('script-src');
    expect(OUTBOX_PAGE_CSP).not.toContain('unsafe-inline');
  });
});

describe('the local gateway at /_local/outbox', () => {
  let gateway: LocalGateway;
  let url: string;
  beforeEach(async () => {
    gateway = new LocalGateway({ port: 0, jwt: { verify: async () => ({}) }, outboxDir: dir });
    await gateway.listen();
    url = `http://127.0.0.1:${gateway.port}`;
  });
  afterEach(() => gateway.close());

  it('lists, finds and shows messages, and the test helper waits for one that arrives later', async () => {
    // Prepare
    const mailer = new OutboxMailer(dir, 'no-reply@portal.localhost');
    await mailer.send({ ...notice, to: 'sam.chen@example.com', tag: 'correction.decided' });
    const since = new Date();
    setTimeout(() => void mailer.send({ ...notice, to: 'Alex.Rivera@example.com', html: '<p onclick="x()">Hi</p>' }), 150);

    // Act
    const [latest] = await waitForMail(url, { to: 'alex.rivera@example.com', tag: 'correction.received', since });
    const list = await fetch(`${url}/_local/outbox`);
    const page = await fetch(`${url}/_local/outbox/${latest!.id}`);
    const htmlVersion = await fetch(`${url}/_local/outbox/${latest!.id}.html`);

    // Assess
    expect(latest).toMatchObject({ to: 'Alex.Rivera@example.com', subject: notice.subject });
    expect(linksIn(latest!)).toEqual(['https://portal.example.org/corrections']);
    expect((await readStackOutbox(url)).map((m) => m.to)).toEqual(['Alex.Rivera@example.com', 'sam.chen@example.com']);
    expect(await readStackOutbox(url, { tag: 'correction.decided' })).toHaveLength(1);
    expect(list.headers.get('content-security-policy')).toBe(OUTBOX_PAGE_CSP);
    expect(list.headers.get('cache-control')).toBe('no-store');
    expect(await list.text()).toMatch(/Alex\.Rivera@example\.com[\s\S]*sam\.chen@example\.com/);
    expect(await page.text()).toContain('<a href="https://portal.example.org/corrections">');
    expect(htmlVersion.headers.get('content-security-policy')).toMatch(/^sandbox;/);
    expect(await htmlVersion.text()).toBe('<p onclick="x()">Hi</p>');
  });

  it('answers 404 for what is not a message and 405 for anything but reading', async () => {
    for (const path of ['/_local/outbox/nope', '/_local/outbox/..%2F..%2Fetc%2Fpasswd', '/_local/outbox/%E0%A4%A']) {
      expect((await fetch(`${url}${path}`)).status).toBe(404);
    }
    expect((await fetch(`${url}/_local/outbox.json`, { method: 'DELETE' })).status).toBe(405);
    await expect(waitForMail(url, { to: 'nobody@example.com' }, { timeoutMs: 200 })).rejects.toThrow(/found 0/);
  });
});
