/** First focusable element: jumps over the header to the page's content. */
export function SkipLink({ targetId = 'main' }: { targetId?: string }) {
  return (
    <a
      className="skip-link"
      href={`#${targetId}`}
      onClick={(event) => {
        // Focus without touching the URL (the router would see a navigation).
        event.preventDefault();
        document.getElementById(targetId)?.focus();
      }}
    >
      Skip to main content
    </a>
  );
}
