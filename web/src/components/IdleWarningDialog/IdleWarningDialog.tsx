import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../Button/Button';

function useSecondsUntil(deadline: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const interval = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(interval);
  }, [deadline]);
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

export interface IdleWarningDialogProps {
  /** When the session ends (epoch ms). */
  deadline: number;
  onStay: () => void;
  onSignOut: () => void;
}

/**
 * Modal warning before the idle sign-out. A native <dialog> opened with showModal() makes the rest of the page
 * inert; "Stay signed in" has the focus, and Escape means the same.
 */
export function IdleWarningDialog({ deadline, onStay, onSignOut }: IdleWarningDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const stayRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const seconds = useSecondsUntil(deadline);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof dialog.showModal === 'function') {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute('open', '');
    }
    stayRef.current?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="modal"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        onStay();
      }}
    >
      <h2 className="modal__title" id={titleId}>
        Are you still there?
      </h2>
      <p id={descriptionId}>
        You will be signed out in {seconds} {seconds === 1 ? 'second' : 'seconds'} because you haven't used the portal for a
        while. This protects your records on a shared or unattended computer.
      </p>
      <div className="button-row">
        <Button ref={stayRef} onClick={onStay}>
          Stay signed in
        </Button>
        <Button variant="secondary" onClick={onSignOut}>
          Sign out now
        </Button>
      </div>
    </dialog>
  );
}
