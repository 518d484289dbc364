// Test-only fault injection: chosen paths answer slowly, with an error status, a 429, malformed
// JSON, a truncated body, never, or with a reset socket — for N requests or until cleared.

export const FAULT_KINDS = [
  'slow',
  'status',
  'rate-limit',
  'malformed-json',
  'truncated',
  'hang',
  'reset',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** A path prefix (`/v7/test-results/`), or a regular expression when it starts with `^`,
   *  matched against the path plus query string. */
  path: string;
  kind: FaultKind;
  /** Only this method (default: any). */
  method?: string;
  /** `status`: the status to answer (default 503). */
  status?: number;
  /** `slow`: how long to wait before answering normally (default 2000 ms). */
  delayMs?: number;
  /** `rate-limit`: the X-Organization-Rate-Limit-Reset to send, epoch seconds (default: the next
   *  minute of the simulator's clock). */
  resetAt?: number;
  /** How many requests the fault applies to; absent = until cleared. */
  count?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  /** Requests this fault has answered so far. */
  hits: number;
}

export class FaultValidationError extends Error {}

function validate(spec: unknown): FaultSpec {
  if (typeof spec !== 'object' || spec === null)
    throw new FaultValidationError('a fault is a JSON object');
  const candidate = spec as Record<string, unknown>;
  const { path, kind, method, status, delayMs, resetAt, count } = candidate;
  if (typeof path !== 'string' || path === '') {
    throw new FaultValidationError(
      "path: a prefix such as '/v7/test-results/' or a regex starting with '^'",
    );
  }
  if (path.startsWith('^')) {
    try {
      new RegExp(path);
    } catch (error) {
      throw new FaultValidationError(
        `path: not a valid regular expression (${(error as Error).message})`,
      );
    }
  }
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new FaultValidationError(`kind: one of ${FAULT_KINDS.join(', ')}`);
  }
  const optionalNumber = (name: string, value: unknown, min: number, max: number) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new FaultValidationError(`${name}: a whole number from ${min} to ${max}`);
    }
    return value;
  };
  if (method !== undefined && typeof method !== 'string')
    throw new FaultValidationError('method: a string such as GET');
  return {
    path,
    kind: kind as FaultKind,
    method: method?.toUpperCase(),
    status: optionalNumber('status', status, 100, 599),
    delayMs: optionalNumber('delayMs', delayMs, 0, 600_000),
    resetAt: optionalNumber('resetAt', resetAt, 0, 1e11),
    count: optionalNumber('count', count, 1, 1e9),
  };
}

export class FaultTable {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Validates and adds a fault; throws FaultValidationError with a message naming the field. */
  add(spec: FaultSpec | unknown): Fault {
    const fault: Fault = { ...validate(spec), id: `fault-${this.nextId}`, hits: 0 };
    this.nextId += 1;
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The first fault matching this request, counted as used (and dropped once spent). */
  take(method: string, pathAndQuery: string): Fault | undefined {
    const path = pathAndQuery.split('?')[0] ?? pathAndQuery;
    const fault = this.faults.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.path.startsWith('^')
          ? new RegExp(candidate.path).test(pathAndQuery)
          : path.startsWith(candidate.path)),
    );
    if (!fault) return undefined;
    fault.hits += 1;
    if (fault.count !== undefined && fault.hits >= fault.count) this.remove(fault.id);
    return { ...fault };
  }
}
