/**
 * Reads the e-mail a running local stack would have sent, through the gateway's /_local/outbox.json (the same
 * list a developer sees at /_local/outbox). For integration and browser tests: "the newest notice to this
 * address", waiting briefly because a handler may answer before a test asks.
 */
import type { OutboxMessage } from '../../shared/adapters/mail/outbox-mailer';

export type { OutboxMessage };

export interface OutboxQuery {
  /** Recipient, compared case-insensitively. */
  to?: string;
  /** Exact tag ('correction.received', ...). */
  tag?: string;
  /** Only messages sent at or after this instant (e.g. the start of the test), so earlier tests do not match. */
  since?: Date;
}

/** Every message in the stack's outbox that matches, newest first. */
export async function readOutbox(stackUrl: string, query: OutboxQuery = {}): Promise<OutboxMessage[]> {
  const params = new URLSearchParams();
  if (query.to) params.set('to', query.to);
  if (query.tag) params.set('tag', query.tag);
  const response = await fetch(`${stackUrl.replace(/\/+$/, '')}/_local/outbox.json${params.size ? `?${params}` : ''}`);
  if (!response.ok) throw new Error(`/_local/outbox.json answered ${response.status}: is this a local stack?`);
  const { messages } = (await response.json()) as { messages: OutboxMessage[] };
  return query.since ? messages.filter((m) => Date.parse(m.sentAt) >= query.since!.getTime()) : messages;
}

/**
 * Waits until at least `count` matching messages are there (default one) and returns the matches, newest first.
 * Fails after `timeoutMs` (default 5 s) saying what it looked for and how many it found.
 */
export async function waitForMail(stackUrl: string, query: OutboxQuery, options: { count?: number; timeoutMs?: number } = {}): Promise<OutboxMessage[]> {
  const count = options.count ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const messages = await readOutbox(stackUrl, query);
    if (messages.length >= count) return messages;
    if (Date.now() >= deadline) {
      throw new Error(`Expected ${count} e-mail(s) ${JSON.stringify({ ...query, since: query.since?.toISOString() })} in the outbox within ${options.timeoutMs ?? 5_000} ms, found ${messages.length}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The newest matching message, waiting for it briefly. */
export async function latestMail(stackUrl: string, query: OutboxQuery, timeoutMs?: number): Promise<OutboxMessage> {
  return (await waitForMail(stackUrl, query, { timeoutMs }))[0]!;
}

/** The http(s) links in a message's text, in order (to follow the one the notice points to). */
export function linksIn(message: Pick<OutboxMessage, 'text'>): string[] {
  return [...message.text.matchAll(/https?:\/\/[^\s<>"'`]+/g)].map((m) => m[0].replace(/[.,;:!?)\]]+$/, ''));
}
