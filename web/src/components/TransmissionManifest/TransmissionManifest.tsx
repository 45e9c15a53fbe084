import { useId } from 'react';
import type { TransmissionView } from '../../domain';
import { formatBytes } from '../../lib/format';

type Entry = TransmissionView['manifest'][number];

/** "originals/003-scan.pdf" → "003-scan.pdf", the name the recipient's download has; the folder becomes a note. */
function displayName(name: string): { file: string; folder?: string } {
  return name.startsWith('originals/') ? { file: name.slice('originals/'.length), folder: 'Original document' } : { file: name };
}

/**
 * The files of the package, each with its size and SHA-256 fingerprint: the recipient sees the same list and can
 * check that what they downloaded is what was sent.
 */
export function TransmissionManifest({ manifest, archive }: { manifest: readonly Entry[]; archive?: Entry | undefined }) {
  const captionId = useId();
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="table transmission-manifest">
          <caption id={captionId} className="visually-hidden">
            The files in the package, with their SHA-256 fingerprints
          </caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col" className="table__num">
                Size
              </th>
              <th scope="col">SHA-256 fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {manifest.map((entry) => {
              const { file, folder } = displayName(entry.name);
              return (
                <tr key={entry.name}>
                  <th scope="row" className="table__title transmission-manifest__name">
                    {file}
                    {folder && <span className="table__sub">{folder}</span>}
                  </th>
                  <td className="table__num">{formatBytes(entry.size)}</td>
                  <td>
                    <code className="transmission-sha">{entry.sha256}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {archive && (
        <p className="transmission-archive">
          The recipient can also download everything as one file, <strong>{archive.name}</strong> ({formatBytes(archive.size)}), SHA-256{' '}
          <code className="transmission-sha">{archive.sha256}</code>.
        </p>
      )}
    </>
  );
}
