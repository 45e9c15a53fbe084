import type { RecipientOpened, RecipientPackage } from '../domain';
import { request } from './http';

export interface RecipientDownload {
  url: string;
  expiresAt: string;
  filename: string;
  sha256: string;
  downloadsLeft: number;
}

/**
 * The third party's endpoints: no account and no bearer token. The link's token comes from the page's URL
 * fragment and travels only in request bodies, so it never appears in a URL a server or proxy logs.
 */
export const recipientApi = {
  open: (token: string) => request<RecipientOpened>('/api/recipient/open', { method: 'POST', body: { token } }),
  unlock: (token: string, code: string) => request<RecipientPackage>('/api/recipient/unlock', { method: 'POST', body: { token, code } }),
  download: (token: string, session: string, file: string) => request<RecipientDownload>('/api/recipient/download', { method: 'POST', body: { token, session, file } }),
  confirm: (token: string, session: string) => request<{ confirmedAt: string }>('/api/recipient/confirm', { method: 'POST', body: { token, session } }),
};
