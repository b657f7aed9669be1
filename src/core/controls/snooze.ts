/**
 * "Snooze suggestions for a while": automatic suggestions stop until a time, then come back by themselves.
 * Plain data with an injected clock so the extension can persist `until` and tests can move time.
 */
export class Snooze {
  private untilMs: number | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Snoozes for `minutes` from now (0 or less ends the snooze). */
  start(minutes: number): void {
    this.untilMs = minutes > 0 ? this.now() + minutes * 60_000 : undefined;
  }

  end(): void {
    this.untilMs = undefined;
  }

  /** Restores a persisted end time; one already past is dropped. */
  restore(untilMs: number | undefined): void {
    this.untilMs = typeof untilMs === "number" && untilMs > this.now() ? untilMs : undefined;
  }

  /** When the snooze ends (epoch ms), while one is on. */
  get until(): number | undefined {
    if (this.untilMs !== undefined && this.untilMs <= this.now()) this.untilMs = undefined;
    return this.untilMs;
  }

  get active(): boolean {
    return this.until !== undefined;
  }
}
