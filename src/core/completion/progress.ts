/** Wakes everyone waiting for the next change of some shared state (a generation's streamed lines). */
export class Progress {
  private readonly waiters = new Set<() => void>();

  wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const waiter of waiters) waiter();
  }

  /** Resolves true at the next `wake`, or false as soon as the signal aborts. */
  next(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => {
        this.waiters.delete(onWake);
        resolve(false);
      };
      const onWake = () => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      };
      this.waiters.add(onWake);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
