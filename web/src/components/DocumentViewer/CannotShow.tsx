export const CANNOT_SHOW_MESSAGE = 'This document could not be shown. You can still download it.';

/** The viewer's error state; the page offers the download beside it. */
export function CannotShow() {
  return (
    <div className="alert viewer__error" role="alert">
      <p className="alert__title">{CANNOT_SHOW_MESSAGE}</p>
    </div>
  );
}
