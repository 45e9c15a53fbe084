import { useCallback, useEffect, useRef, useState } from 'react';
import { IdleTimer } from '../../auth/idle-timer';
import { sessionHeld } from '../../auth/session-holds';
import { IdleWarningDialog } from '../IdleWarningDialog/IdleWarningDialog';

export interface IdleSignOutProps {
  timeoutMs: number;
  warningMs: number;
  onIdle: () => void;
  onSignOutNow: () => void;
}

/** Mounted while signed in: watches for inactivity, warns before the end, then signs out. */
export function IdleSignOut({ timeoutMs, warningMs, onIdle, onSignOutNow }: IdleSignOutProps) {
  const [deadline, setDeadline] = useState<number | null>(null);
  const timerRef = useRef<IdleTimer | null>(null);

  useEffect(() => {
    const timer: IdleTimer = new IdleTimer({
      timeoutMs,
      warningMs,
      isHeld: sessionHeld,
      onWarn: () => setDeadline(timer.deadline()),
      onIdle: () => {
        setDeadline(null);
        onIdle();
      },
    });
    timerRef.current = timer;
    timer.start(window);
    return () => {
      timer.stop();
      timerRef.current = null;
    };
  }, [timeoutMs, warningMs, onIdle]);

  const stay = useCallback(() => {
    timerRef.current?.stay();
    setDeadline(null);
  }, []);

  if (deadline === null) return null;
  return <IdleWarningDialog deadline={deadline} onStay={stay} onSignOut={onSignOutNow} />;
}
