import { STATUS_CODES } from 'node:http';

export interface Fault {
  /** e.g. '/cgi-bin/user/list' */
  path: string;
  /** answer this WeCom error */
  errcode?: number;
  /** answer this HTTP status (an nginx-style HTML page unless errcode is given too) */
  status?: number;
  /** wait this long first */
  delayMs?: number;
  /** the next `times` calls of the path; default 1, Infinity until cleared */
  times?: number;
}

interface ArmedFault extends Fault {
  remaining: number;
}

/** Faults for the next calls of a path, first injected first used. */
export class Faults {
  private armed: ArmedFault[] = [];

  inject(fault: Fault): void {
    if (!fault || typeof fault.path !== 'string' || !fault.path.startsWith('/')) throw new TypeError('a fault needs a path starting with /');
    const times = fault.times ?? 1;
    if (!(times >= 1) || (times !== Infinity && !Number.isInteger(times))) throw new TypeError('times must be a whole number of at least 1, or Infinity');
    if (fault.errcode !== undefined && !Number.isInteger(fault.errcode)) throw new TypeError('errcode must be a whole number');
    if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 200 && fault.status <= 599)) {
      throw new TypeError('status must be an HTTP status between 200 and 599');
    }
    if (fault.delayMs !== undefined && !(fault.delayMs >= 0)) throw new TypeError('delayMs must not be negative');
    this.armed.push({ ...fault, remaining: times });
  }

  clear(): void {
    this.armed = [];
  }

  /** the fault for this call of `path`, used up */
  take(path: string): Fault | undefined {
    const at = this.armed.findIndex((f) => f.path === path);
    if (at < 0) return undefined;
    const fault = this.armed[at]!;
    fault.remaining--;
    if (fault.remaining <= 0) this.armed.splice(at, 1);
    return fault;
  }
}

/** what a proxy in front of WeCom answers when something breaks */
export function faultPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
