/**
 * Hands a short-lived download URL to the browser. The storage answers with Content-Disposition: attachment,
 * so following the link downloads the file and leaves the portal where it is. The URL is not kept anywhere.
 */
export function startDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}
