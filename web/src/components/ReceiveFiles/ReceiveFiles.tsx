import { useId } from 'react';
import { formatBytes } from '../../lib/format';
import { Button } from '../Button/Button';

export interface ReceivedFile {
  /** The name in the package's manifest (originals sit under `originals/`). */
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/fhir+json': 'FHIR R4 (JSON)',
  'application/json': 'JSON',
  'application/xml': 'XML',
  'text/xml': 'XML',
  'application/zip': 'ZIP archive',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/tiff': 'TIFF image',
  'text/plain': 'Text',
};

/** What a file is, in words: "PDF", "FHIR R4 (JSON)", or the content type itself. */
export function fileTypeLabel(contentType: string): string {
  return TYPE_LABELS[contentType.split(';')[0]!.trim().toLowerCase()] ?? contentType;
}

/** The name the file is saved under: the manifest's name without its folder. */
export function savedName(name: string): string {
  return name.replace(/^.*\//, '');
}

export interface ReceiveFilesProps {
  files: readonly ReceivedFile[];
  /** Omit to list the files without download buttons (no downloads left). */
  onDownload?: ((name: string) => void) | undefined;
  /** The file whose link is being fetched. */
  pendingFile?: string | undefined;
  /** Files downloaded during this visit. */
  downloaded: ReadonlySet<string>;
}

/**
 * The package's files with their SHA-256, so that the recipient can check each one after downloading it. Scrolls
 * sideways on narrow screens (keyboard too: the region is focusable); the hashes wrap rather than widen the table.
 */
export function ReceiveFiles({ files, onDownload, pendingFile, downloaded }: ReceiveFilesProps) {
  const captionId = useId();
  return (
    <div className="table-wrap receive-files-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className="table receive-files">
        <caption id={captionId} className="visually-hidden">
          Files in this package
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col" className="table__num">
              Size
            </th>
            <th scope="col">SHA-256</th>
            {onDownload && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {files.map((file) => (
            <tr key={file.name}>
              <th scope="row" className="table__title receive-files__name">
                {savedName(file.name)}
                {file.name.startsWith('originals/') && <span className="table__sub">Original document</span>}
                {downloaded.has(file.name) && <span className="table__sub receive-files__done">Downloaded</span>}
              </th>
              <td className="receive-files__type">{fileTypeLabel(file.contentType)}</td>
              <td className="table__num">{formatBytes(file.size)}</td>
              <td>
                <code className="receive-hash">{file.sha256}</code>
              </td>
              {onDownload && (
                <td className="table__actions">
                  <Button size="small" variant="secondary" pending={pendingFile === file.name} pendingLabel="Preparing…" onClick={() => onDownload(file.name)}>
                    Download <span className="visually-hidden">{savedName(file.name)}</span>
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
