// Sliding-window rate limiter: a send waits until every window it counts in has room. Used to
// stay under Teams' limits (per conversation 7/s, 60/30 s, 1 800/h; per app and tenant 50/s).
export interface Window {
  max: number;
  ms: number;
}

const TEAMS_CONVERSATION_LIMITS: Window[] = [
  { max: 7, ms: 1_000 },
  { max: 60, ms: 30_000 },
  { max: 1_800, ms: 3_600_000 },
];
const TEAMS_GLOBAL_LIMITS: Window[] = [{ max: 50, ms: 1_000 }];

export class RateLimiter {
  private readonly perKey = new Map<string, number[]>();
  private readonly global: number[] = [];
  private readonly inFlight = new Map<string, number>();
  private inFlightTotal = 0;

  constructor(
    private readonly keyLimits: Window[] = TEAMS_CONVERSATION_LIMITS,
    private readonly globalLimits: Window[] = TEAMS_GLOBAL_LIMITS,
    private readonly now: () => number = () => Date.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** How long until a window has room, counting requests still in flight as happening now. */
  private wait(stamps: number[], inFlight: number, limits: Window[], t: number): number {
    let wait = 0;
    for (const w of limits) {
      const inWindow = stamps.filter((s) => s > t - w.ms);
      const used = inWindow.length + inFlight;
      if (used < w.max) continue;
      const oldest = inWindow[used - w.max];
      // Only in-flight requests fill the window: wait for one to finish.
      wait = Math.max(wait, oldest === undefined ? 5 : oldest + w.ms - t + 1);
    }
    return wait;
  }

  /**
   * Resolves when a request to `key` may start; call the returned function when it has
   * finished. A request counts from its start and is stamped when it ends, so the windows hold
   * at the receiver even when requests take time. Check and record happen in one synchronous
   * step, so concurrent callers never both take the last slot.
   */
  async acquire(key: string): Promise<() => void> {
    for (;;) {
      const t = this.now();
      const stamps = this.perKey.get(key) ?? [];
      const wait = Math.max(
        this.wait(stamps, this.inFlight.get(key) ?? 0, this.keyLimits, t),
        this.wait(this.global, this.inFlightTotal, this.globalLimits, t),
      );
      if (wait <= 0) {
        this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
        this.inFlightTotal++;
        let released = false;
        return () => {
          if (released) return;
          released = true;
          this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
          this.inFlightTotal--;
          this.stamp(key);
        };
      }
      await this.sleep(wait);
    }
  }

  private stamp(key: string): void {
    const t = this.now();
    const longest = Math.max(...this.keyLimits.map((w) => w.ms));
    this.perKey.set(key, [...(this.perKey.get(key) ?? []).filter((s) => s > t - longest), t]);
    this.global.push(t);
    const g = Math.max(...this.globalLimits.map((w) => w.ms));
    while (this.global.length && this.global[0]! <= t - g) this.global.shift();
  }
}
