export interface IdleTimerOptions {
  /** Inactivity after which the person is signed out. */
  timeoutMs: number;
  /** How long before the timeout the warning appears. */
  warningMs: number;
  onWarn: () => void;
  onIdle: () => void;
  /** Injected clock (tests may also use fake timers, which fake Date.now as well). */
  now?: () => number;
  /** True while work the person started is running (an upload): the idle period waits for it to end. */
  isHeld?: () => boolean;
}

/** What counts as the person using the portal. Visibility covers coming back to the tab. */
export const ACTIVITY_EVENTS = ['mousemove', 'mousedown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

/**
 * Automatic log-off after inactivity (ONC 170.315(d)(5)).
 *
 * Activity only records a timestamp (mousemove fires often); one timer wakes up at the next point that matters
 * and compares with the wall clock, so a laptop that slept or a throttled background tab is still signed out on
 * time: the first event after the deadline signs out instead of resetting the timer.
 * Once the warning shows, only an explicit stay() continues the session.
 */
export class IdleTimer {
  private readonly now: () => number;
  private lastActivity = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private warned = false;
  private running = false;
  private target: Window | undefined;

  constructor(private readonly options: IdleTimerOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  start(target: Window = window): void {
    if (this.running) return;
    this.running = true;
    this.target = target;
    this.lastActivity = this.now();
    this.warned = false;
    for (const type of ACTIVITY_EVENTS) target.addEventListener(type, this.onActivity, { capture: true, passive: true });
    target.document.addEventListener('visibilitychange', this.onActivity);
    this.schedule(this.options.timeoutMs - this.options.warningMs);
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    const target = this.target;
    if (!target) return;
    for (const type of ACTIVITY_EVENTS) target.removeEventListener(type, this.onActivity, { capture: true });
    target.document.removeEventListener('visibilitychange', this.onActivity);
    this.target = undefined;
  }

  /** The person chose to stay signed in: start a new idle period. */
  stay(): void {
    if (!this.running) return;
    this.warned = false;
    this.lastActivity = this.now();
    this.schedule(this.options.timeoutMs - this.options.warningMs);
  }

  /** When the session ends if nothing happens (epoch ms). */
  deadline(): number {
    return this.lastActivity + this.options.timeoutMs;
  }

  /** Records activity; public so that tests and callers can report activity the events do not cover. */
  readonly onActivity = (): void => {
    if (!this.running || this.warned) return;
    if (this.now() >= this.deadline()) {
      this.fireIdle();
      return;
    }
    this.lastActivity = this.now();
  };

  private readonly check = (): void => {
    if (!this.running) return;
    const { timeoutMs, warningMs } = this.options;
    if (!this.warned && this.options.isHeld?.()) {
      this.lastActivity = this.now();
      this.schedule(timeoutMs - warningMs);
      return;
    }
    const idleFor = this.now() - this.lastActivity;
    if (idleFor >= timeoutMs) {
      this.fireIdle();
    } else if (idleFor >= timeoutMs - warningMs) {
      if (!this.warned) {
        this.warned = true;
        this.options.onWarn();
      }
      this.schedule(timeoutMs - idleFor);
    } else {
      this.schedule(timeoutMs - warningMs - idleFor);
    }
  };

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.check, Math.max(0, delayMs));
  }

  private fireIdle(): void {
    this.stop();
    this.options.onIdle();
  }
}
