export interface Limits {
  perApiPerMinute: number;
  perApiPerHour: number;
  perIpPerMinute: number;
  perIpPerHour: number;
  maxConcurrentPerApi: number;
}

/** WeCom's published frequency limits (wecom.md) and a generous concurrency limit */
export const DEFAULT_LIMITS: Limits = {
  perApiPerMinute: 10_000,
  perApiPerHour: 150_000,
  perIpPerMinute: 20_000,
  perIpPerHour: 600_000,
  maxConcurrentPerApi: 200,
};

const MINUTE = 60_000;
const HOUR = 3_600_000;

interface Counter {
  minuteStart: number;
  minuteCount: number;
  hourStart: number;
  hourCount: number;
  blockedUntil: number;
}

/**
 * Fixed windows per minute and per hour, per corp and API path and per caller IP across APIs.
 * Going over a limit blocks that key: for 60 s after a minute limit, 60 min after an hour limit,
 * as WeCom does (45009).
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly limits: Limits,
    private readonly now: () => number,
  ) {}

  /** counts the call; false when it is over a limit */
  allow(path: string, ip: string): boolean {
    const now = this.now();
    const api = this.counter(`api ${path}`, now);
    const byIp = this.counter(`ip ${ip}`, now);
    if (api.blockedUntil > now || byIp.blockedUntil > now) return false;
    const apiOk = this.count(api, now, this.limits.perApiPerMinute, this.limits.perApiPerHour);
    const ipOk = this.count(byIp, now, this.limits.perIpPerMinute, this.limits.perIpPerHour);
    return apiOk && ipOk;
  }

  /** takes a concurrency slot for the path; false (45033) when all are taken */
  enter(path: string): boolean {
    const n = this.inFlight.get(path) ?? 0;
    if (n >= this.limits.maxConcurrentPerApi) return false;
    this.inFlight.set(path, n + 1);
    return true;
  }

  leave(path: string): void {
    const n = (this.inFlight.get(path) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(path);
    else this.inFlight.set(path, n);
  }

  private counter(key: string, now: number): Counter {
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { minuteStart: now, minuteCount: 0, hourStart: now, hourCount: 0, blockedUntil: 0 };
      this.counters.set(key, counter);
    }
    if (now - counter.minuteStart >= MINUTE) {
      counter.minuteStart = now;
      counter.minuteCount = 0;
    }
    if (now - counter.hourStart >= HOUR) {
      counter.hourStart = now;
      counter.hourCount = 0;
    }
    return counter;
  }

  private count(counter: Counter, now: number, perMinute: number, perHour: number): boolean {
    counter.minuteCount++;
    counter.hourCount++;
    if (counter.hourCount > perHour) {
      counter.blockedUntil = now + HOUR;
      return false;
    }
    if (counter.minuteCount > perMinute) {
      counter.blockedUntil = now + MINUTE;
      return false;
    }
    return true;
  }
}
