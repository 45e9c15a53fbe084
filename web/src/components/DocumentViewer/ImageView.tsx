import { useObjectUrl } from './useObjectUrl';

/** A JPEG or PNG, from a blob: URL. */
export function ImageView({ blob, alt }: { blob: Blob; alt: string }) {
  const url = useObjectUrl(blob);
  if (!url) return null;
  return (
    <figure className="viewer viewer--image">
      <img className="viewer__image" src={url} alt={alt} />
    </figure>
  );
}
