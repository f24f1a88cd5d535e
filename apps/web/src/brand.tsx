/** The Parley mark: two overlapping speech bubbles. */
export function Brand() {
  return (
    <span className="brand">
      <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect x="2" y="4" width="20" height="16" rx="6" className="brand__back" />
        <path d="M6 20 L6 25 L11 20 Z" className="brand__back" />
        <rect x="10" y="10" width="20" height="15" rx="6" className="brand__front" />
        <path d="M26 25 L26 29 L22 25 Z" className="brand__front" />
      </svg>
      <span className="brand__name">Parley</span>
    </span>
  );
}
