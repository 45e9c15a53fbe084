export function Logo() {
  return (
    <svg className="brand__logo" viewBox="0 0 32 32" width="32" height="32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" className="brand__logo-bg" />
      <path d="M13 7h6v6h6v6h-6v6h-6v-6H7v-6h6z" className="brand__logo-cross" />
    </svg>
  );
}
