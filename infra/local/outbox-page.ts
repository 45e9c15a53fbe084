/**
 * The local stack's outbox, for developers: what the portal would have e-mailed, at /_local/outbox (a page),
 * /_local/outbox/<id> (one message), /_local/outbox/<id>.html (its HTML version, sandboxed) and
 * /_local/outbox.json (the same as JSON, for tests). Served by the local gateway only; never part of ROUTES or
 * of anything deployed. Every value from a message is escaped before it reaches HTML.
 */
import { createHash } from 'node:crypto';
import type { OutboxMessage } from '../../shared/adapters/mail/outbox-mailer';

const STYLE = [
  'body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1f24}',
  'table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #d0d7de;vertical-align:top}',
  'pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:1rem;border-radius:6px}',
  'dt{font-weight:600}dd{margin:0 0 .5rem}code{font-size:90%}.empty{color:#57606a}',
].join('');

/** The page's own policy: no script at all, and only the one style block above (by its hash). */
export const OUTBOX_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * For a message's HTML version, shown as the addressee's mail program would: its own styles and remote images,
 * but in a sandbox (a unique origin, no scripts, no forms) so that it cannot reach the portal.
 */
export const OUTBOX_HTML_CSP = "sandbox; default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'; frame-ancestors 'none'";

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** http(s) URLs in running text; trailing punctuation belongs to the sentence, not the link. */
const URL_IN_TEXT = /https?:\/\/[^\s<>"'`]+/g;

/** Escapes plain text and turns the http(s) URLs in it into links (no other scheme ever becomes a link). */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = match[0].replace(/[.,;:!?)\]]+$/, '');
    const start = match.index;
    out += escapeHtml(text.slice(last, start));
    out += `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = start + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function when(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'))}</time>`;
}

/** The list: newest first, one row per message, each linking to the message. */
export function renderOutboxList(messages: readonly OutboxMessage[], outboxDir: string): string {
  const rows = messages
    .map(
      (m) =>
        `<tr><td>${when(m.sentAt)}</td><td>${escapeHtml(m.to)}</td><td><a href="/_local/outbox/${encodeURIComponent(m.id)}">${escapeHtml(m.subject)}</a></td><td><code>${escapeHtml(m.tag)}</code></td></tr>`,
    )
    .join('\n');
  const table = messages.length
    ? `<table>\n<thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Tag</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`
    : '<p class="empty">Nothing has been sent yet.</p>';
  return page(
    'Local outbox',
    `<h1>Local outbox</h1>
<p>E-mails the portal would have sent, newest first. Nothing leaves this machine: each message is a file in <code>${escapeHtml(outboxDir)}</code>. As JSON: <a href="/_local/outbox.json">/_local/outbox.json</a>.</p>
${table}`,
  );
}

/** One message: its envelope, its text with clickable links, and a link to its HTML version if it has one. */
export function renderOutboxMessage(message: OutboxMessage): string {
  const id = encodeURIComponent(message.id);
  return page(
    message.subject,
    `<p><a href="/_local/outbox">← Outbox</a></p>
<h1>${escapeHtml(message.subject)}</h1>
<dl>
<dt>Sent</dt><dd>${when(message.sentAt)}</dd>
<dt>From</dt><dd>${escapeHtml(message.from)}</dd>
<dt>To</dt><dd>${escapeHtml(message.to)}</dd>
<dt>Tag</dt><dd><code>${escapeHtml(message.tag)}</code></dd>
</dl>
<pre>${linkify(message.text)}</pre>
${message.html ? `<p><a href="/_local/outbox/${id}.html">The HTML version</a></p>` : '<p class="empty">No HTML version.</p>'}
<p><a href="/_local/outbox/${id}.json">As JSON</a></p>`,
  );
}
