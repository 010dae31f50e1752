// Counters a benchmark or e2e test reads to judge a client's behaviour: how
// many requests it sent, per ID, how many were refused, how many ran at once.
import type { FaultKind } from './faults.js';
import { LruMap } from './lru.js';

/** Per-ID counts kept at once; the least recently asked-about ID is forgotten first. */
export const MAX_COUNTED_IDS = 20_000;

export interface SimStats {
  /** API requests (everything but /__sim/*). */
  requests: number;
  /** Responses sent, by HTTP status. */
  byStatus: Record<string, number>;
  /** 429s from the rate limiter (spurious ones are under faults["429"]). */
  rateLimited: number;
  faults: Partial<Record<FaultKind, number>>;
  /** Requests received and not yet answered (or dropped). */
  inFlight: number;
  maxInFlight: number;
  /**
   * Most TCP connections open at once. Answers take well under a millisecond,
   * so this, not maxInFlight, shows how many requests a client runs in parallel.
   */
  maxConnections: number;
  /** Authenticated requests per ID (request and job IDs together), for the most recent MAX_COUNTED_IDS IDs. */
  requestsById: Record<string, number>;
}

export class StatsCounter {
  private requests = 0;
  private readonly byStatus = new Map<number, number>();
  private rateLimited = 0;
  private readonly faults = new Map<FaultKind, number>();
  private inFlight = 0;
  private maxInFlight = 0;
  private connections = 0;
  private maxConnections = 0;
  /** Bounded like the upload store: IDs are whatever clients make up. */
  private readonly perId = new LruMap<string, number>(MAX_COUNTED_IDS);

  begin(): void {
    this.requests += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
  }

  end(status: number | null): void {
    this.inFlight -= 1;
    if (status !== null) this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  connected(): void {
    this.connections += 1;
    this.maxConnections = Math.max(this.maxConnections, this.connections);
  }

  disconnected(): void {
    this.connections -= 1;
  }

  id(id: string): void {
    this.perId.set(id, (this.perId.get(id) ?? 0) + 1);
  }

  limited(): void {
    this.rateLimited += 1;
  }

  fault(kind: FaultKind): void {
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
  }

  snapshot(): SimStats {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries([...this.byStatus].map(([k, v]) => [String(k), v])),
      rateLimited: this.rateLimited,
      faults: Object.fromEntries(this.faults) as Partial<Record<FaultKind, number>>,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      maxConnections: this.maxConnections,
      requestsById: Object.fromEntries(this.perId.snapshot()),
    };
  }
}
