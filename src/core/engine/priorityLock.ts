/** Who wants the model; a higher rank runs first and preempts lower ranks that are running. */
export type WorkPriority = "warmup" | "completion" | "explain";

export const PRIORITY_RANK: Record<WorkPriority, number> = { warmup: 0, completion: 1, explain: 2 };

interface Waiter {
  priority: WorkPriority;
  grant: () => void;
}

/**
 * One holder at a time (a context sequence can run one generation); waiters are served by priority,
 * then arrival. Acquiring with an aborted signal, or having it aborted while waiting, rejects.
 */
export class PriorityLock {
  private held: WorkPriority | undefined;
  private readonly waiters: Waiter[] = [];

  get holder(): WorkPriority | undefined {
    return this.held;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(priority: WorkPriority, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          this.held = priority;
          let released = false;
          resolve(() => {
            if (released) return;
            released = true;
            this.held = undefined;
            this.grantNext();
          });
        },
      };
      const onAbort = () => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const at = this.waiters.findIndex((w) => PRIORITY_RANK[w.priority] < PRIORITY_RANK[priority]);
      this.waiters.splice(at < 0 ? this.waiters.length : at, 0, waiter);
      if (this.held === undefined) this.grantNext();
    });
  }

  private grantNext(): void {
    this.waiters.shift()?.grant();
  }
}
