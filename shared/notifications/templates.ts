/**
 * The portal's e-mails. Each is a notice and a link: no names, dates of birth, record content, diagnoses or dates
 * of care, so that an e-mail read by the wrong person (a shared inbox, a forwarded message) discloses nothing.
 * Templates take only what they print; they cannot reach patient data.
 */
import type { OutgoingMail } from '../ports/mailer';

const FOOTER = 'This message was sent by the patient portal. Do not reply to it; it contains no health information.';

function mail(tag: string, to: string, subject: string, paragraphs: string[]): OutgoingMail {
  const text = [...paragraphs, '', FOOTER].join('\n\n');
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const linkify = (s: string) => escape(s).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
  const html = `<!doctype html><html><body>${paragraphs.map((p) => `<p>${linkify(p)}</p>`).join('')}<p style="color:#555">${escape(FOOTER)}</p></body></html>`;
  return { tag, to, subject, text, html };
}

export type CorrectionUpdate = 'received' | 'extended' | 'decided' | 'rebuttal';

const UPDATE_TEXT: Record<CorrectionUpdate, { subject: string; body: string }> = {
  received: { subject: 'We received your correction request', body: 'Your request to correct your health record has been received and sent to your practice.' },
  extended: { subject: 'Your correction request: the answer will take longer', body: 'Your practice needs more time to answer your correction request and has set a new date, with its reason.' },
  decided: { subject: 'Your correction request has been answered', body: 'Your practice has answered your request to correct your health record.' },
  rebuttal: { subject: 'Your practice replied to your statement of disagreement', body: 'Your practice has written a rebuttal to your statement of disagreement. A copy is in the portal.' },
};

/** To the patient, at each step of their request; the link leads to it after sign-in. */
export function correctionUpdate(update: CorrectionUpdate, to: string, portalUrl: string, requestId: string): OutgoingMail {
  const { subject, body } = UPDATE_TEXT[update];
  return mail(`correction.${update}`, to, subject, [body, `Sign in to read it: ${portalUrl}/corrections/${encodeURIComponent(requestId)}`]);
}

/**
 * To a person or organisation the patient named, or one known to have received the record, once an amendment is
 * accepted (164.526(c)(3)). They have no account: the notice names the practice and a reference to quote to it.
 */
export function amendmentNotice(to: string, practice: { name: string; phone?: string }, reference: string): OutgoingMail {
  return mail('correction.amendment-notice', to, `${practice.name}: an amendment to health information`, [
    `${practice.name} has amended health information that you may have received or may rely on. The person the information is about asked that you be told.`,
    `To obtain the amendment, contact ${practice.name}${practice.phone ? ` at ${practice.phone}` : ''} and quote reference ${reference}.`,
  ]);
}

/**
 * To the recipient of a copy a patient sent. The link carries its token after '#', which browsers never send to a
 * server (no token in access logs); the notice names neither the patient nor the practice nor what is inside.
 */
export function transmissionNotice(to: string, portalUrl: string, token: string, options: { needsCode: boolean; expiresAt: string }): OutgoingMail {
  const expires = new Date(options.expiresAt).toUTCString().replace(/:\d\d GMT$/, ' UTC');
  return mail('transmission.sent', to, 'Health records have been sent to you', [
    'Someone has chosen to send you a copy of their health records through the patient portal.',
    `Open the secure page to see who sent it and download it: ${portalUrl}/receive#${token}`,
    ...(options.needsCode ? ['You will also need an access code. The sender will give it to you separately, for example by phone. It is not in this e-mail.'] : []),
    `The link works until ${expires} and only for a limited number of downloads. If you did not expect this message, you can ignore it.`,
  ]);
}
