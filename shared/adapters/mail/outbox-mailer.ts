import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMail } from '../../ports/mailer';
import { checkMail } from './errors';

/** One message in the local outbox, as written to `<dir>/<id>.json`. */
export interface OutboxMessage {
  /** `<sentAt with - for : and .>-<sequence><random>`: sorts by time, unique across concurrent sends. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  tag: string;
  /** ISO 8601. */
  sentAt: string;
}

const ID = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-\d{4}[0-9a-f]{12}$/;

/** Whether a string has the form of an outbox id (so that it can name a file without escaping the folder). */
export function isOutboxId(id: string): boolean {
  return ID.test(id);
}

let sequence = 0;

/**
 * The local stack's mailer: each message becomes one JSON file in a folder, which the local gateway shows at
 * /_local/outbox. Files appear whole (written beside, then renamed), so a reader never sees half a message.
 * Checks messages as SES would, and writes nothing to the log.
 */
export class OutboxMailer implements Mailer {
  constructor(
    readonly dir: string,
    private readonly from: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    checkMail(mail);
    const sentAt = this.now();
    // The sequence orders messages of the same millisecond; the random part keeps processes apart.
    sequence = (sequence + 1) % 10_000;
    const id = `${sentAt.toISOString().replace(/[:.]/g, '-')}-${String(sequence).padStart(4, '0')}${randomBytes(6).toString('hex')}`;
    const message: OutboxMessage = {
      id,
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html ? { html: mail.html } : {}),
      tag: mail.tag,
      sentAt: sentAt.toISOString(),
    };
    await mkdir(this.dir, { recursive: true });
    const temporary = join(this.dir, `.${id}.tmp`);
    await writeFile(temporary, `${JSON.stringify(message, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    await rename(temporary, join(this.dir, `${id}.json`));
  }
}

function parse(raw: string): OutboxMessage | undefined {
  try {
    const m = JSON.parse(raw) as Partial<OutboxMessage>;
    const strings = [m.id, m.from, m.to, m.subject, m.text, m.tag, m.sentAt].every((v) => typeof v === 'string');
    return strings && (m.html === undefined || typeof m.html === 'string') && isOutboxId(m.id!) ? (m as OutboxMessage) : undefined;
  } catch {
    return undefined;
  }
}

/** Every message in an outbox folder, newest first (none when the folder does not exist yet). */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const ids = names.filter((n) => n.endsWith('.json') && isOutboxId(n.slice(0, -'.json'.length))).map((n) => n.slice(0, -'.json'.length));
  const messages = await Promise.all(ids.map((id) => readOutboxMessage(dir, id)));
  return messages.filter((m): m is OutboxMessage => m !== undefined).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** One message by id, or undefined (unknown id, or not an id at all). */
export async function readOutboxMessage(dir: string, id: string): Promise<OutboxMessage | undefined> {
  if (!isOutboxId(id)) return undefined;
  try {
    return parse(await readFile(join(dir, `${id}.json`), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
