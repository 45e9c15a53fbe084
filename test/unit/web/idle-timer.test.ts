// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../../web/src/auth/idle-timer';
import { holdSession, sessionHeld } from '../../../web/src/auth/session-holds';

describe('IdleTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function startTimer(now?: () => number) {
    const onWarn = vi.fn();
    const onIdle = vi.fn();
    const timer = new IdleTimer({ timeoutMs: 10_000, warningMs: 3_000, onWarn, onIdle, ...(now ? { now } : {}) });
    timer.start(window);
    return { timer, onWarn, onIdle };
  }

  it('warns at timeout minus warning, then fires once at the timeout', () => {
    // Prepare
    const { onWarn, onIdle } = startTimer();

    // Act / Assess
    vi.advanceTimersByTime(6_999);
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onWarn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2_999);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('waits while work the person started holds the session, and starts timing again once it ends', () => {
    // Prepare
    const onWarn = vi.fn();
    const onIdle = vi.fn();
    const timer = new IdleTimer({ timeoutMs: 10_000, warningMs: 3_000, onWarn, onIdle, isHeld: sessionHeld });
    const release = holdSession();
    timer.start(window);

    // Act: an hour-long upload with nobody touching the page
    vi.advanceTimersByTime(60 * 60_000);

    // Assess
    expect(onWarn).not.toHaveBeenCalled();
    expect(onIdle).not.toHaveBeenCalled();
    release();
    release();
    expect(sessionHeld()).toBe(false);
    vi.advanceTimersByTime(7_000);
    expect(onWarn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    timer.stop();
  });

  it('postpones both when there is activity', () => {
    // Prepare
    const { onWarn, onIdle } = startTimer();

    // Act
    vi.advanceTimersByTime(5_000);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    vi.advanceTimersByTime(6_000);

    // Assess
    expect(onWarn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onWarn).toHaveBeenCalledTimes(1);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('signs out on the first event after a sleep longer than the timeout, instead of resetting', () => {
    // Prepare: an injected clock that jumps, as after a laptop's sleep (no timer had a chance to run)
    let now = 1_000_000;
    const { onIdle } = startTimer(() => now);

    // Act
    now += 60_000;
    document.dispatchEvent(new Event('visibilitychange'));

    // Assess
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('stops listening when stopped', () => {
    // Prepare
    const { timer, onWarn, onIdle } = startTimer();

    // Act
    timer.stop();
    vi.advanceTimersByTime(60_000);

    // Assess
    expect(onWarn).not.toHaveBeenCalled();
    expect(onIdle).not.toHaveBeenCalled();
  });
});
