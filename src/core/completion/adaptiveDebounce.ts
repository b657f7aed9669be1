/**
 * Waits longer while the user types fast (a request would be cancelled by the next keystroke anyway)
 * and little when they pause: 1.5 × the smoothed interval between requests, within [min, max].
 */
export class AdaptiveDebounce {
  private lastRequestAt: number | undefined;
  private smoothedIntervalMs: number;

  constructor(
    private readonly minMs = 50,
    private readonly maxMs = 400,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.smoothedIntervalMs = maxMs;
  }

  /** Records a request and returns how long to wait before starting work for it. */
  next(fixedMs: number): number {
    const at = this.now();
    if (this.lastRequestAt !== undefined) {
      // Pauses longer than a couple of seconds are not typing rhythm; cap them so one pause doesn't dominate.
      const interval = Math.min(at - this.lastRequestAt, 2000);
      this.smoothedIntervalMs = 0.7 * this.smoothedIntervalMs + 0.3 * interval;
    }
    this.lastRequestAt = at;
    if (fixedMs > 0) return fixedMs;
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, 1.5 * this.smoothedIntervalMs)));
  }
}

/** Resolves after `ms`, or false early if the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
