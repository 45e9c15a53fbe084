import type { ComponentPropsWithRef, MouseEvent } from 'react';
import { cx } from '../../lib/class-names';

export interface ButtonProps extends ComponentPropsWithRef<'button'> {
  variant?: 'primary' | 'secondary' | 'link';
  size?: 'normal' | 'small';
  /** Shows progress; the button keeps its focus (aria-disabled, not disabled) and ignores clicks. */
  pending?: boolean;
  pendingLabel?: string;
}

export function Button({
  variant = 'primary',
  size = 'normal',
  pending = false,
  pendingLabel,
  className,
  children,
  onClick,
  type = 'button',
  ...rest
}: ButtonProps) {
  const handleClick = (event: MouseEvent<HTMLButtonElement>) => {
    if (pending) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      type={type}
      className={cx('button', `button--${variant}`, size === 'small' && 'button--small', className)}
      aria-disabled={pending || undefined}
      aria-busy={pending || undefined}
      onClick={handleClick}
      {...rest}
    >
      {pending && <span className="spinner spinner--inline" aria-hidden="true" />}
      {pending && pendingLabel ? pendingLabel : children}
    </button>
  );
}
