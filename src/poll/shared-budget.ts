// One rate-limit budget per API key and base URL in a process
// (docs/ARCHITECTURE.md#the-poll-loop): the server counts requests per key,
// so every loop spending from that key — two library watch() calls, two MCP
// tool calls — must read and spend one budget, or each believes it has the
// whole window and together they cause a 429 storm.
import { newBudget, type BudgetState } from './budget.js';

/** How many requests a loop expects to want before `until`, counted only as far as `enough`. */
export type Demand = (until: number, now: number, enough: number) => number;

export interface SharedBudget {
  readonly state: BudgetState;
  /** Requests in flight across every loop spending from it. */
  inFlight: number;
  /** Each running loop's demand: one loop spreads its requests for all of them. */
  readonly demands: Set<Demand>;
}

export function newSharedBudget(): SharedBudget {
  return { state: newBudget(), inFlight: 0, demands: new Set() };
}

/** What every loop on this budget expects to want before `until`, stopping past `enough`. */
export function totalDemand(b: SharedBudget, until: number, now: number, enough: number): number {
  let n = 0;
  for (const demand of b.demands) {
    n += demand(until, now, enough - n);
    if (n > enough) break;
  }
  return n;
}

interface Held {
  budget: SharedBudget;
  users: number;
}

/** Idle budgets kept at most: each is a few numbers, but keys are whatever callers pass. */
const MAX_IDLE = 64;

export interface BudgetLease {
  readonly budget: SharedBudget;
  /** The caller's loop is over; the budget is kept while its window says anything. */
  release(): void;
}

/**
 * A process's budgets, by key and base URL. A budget lives while a loop uses
 * it, and after that while what it learnt still holds (a 429 pause, a window
 * not yet reset), so a call that follows another waits out the same 429.
 */
export class BudgetRegistry {
  private readonly held = new Map<string, Held>();

  acquire(apiKey: string, baseUrl: string, now: number): BudgetLease {
    this.forgetStale(now);
    // The key as it is, not a hash of it: the connection holds it in memory anyway, and
    // node:crypto costs a one-shot ~3 ms of start-up (docs/ARCHITECTURE.md#start-up).
    const id = `${baseUrl}\0${apiKey}`;
    let entry = this.held.get(id);
    if (!entry) {
      entry = { budget: newSharedBudget(), users: 0 };
      this.held.set(id, entry);
    }
    const held = entry;
    held.users += 1;
    let released = false;
    return {
      budget: held.budget,
      release: () => {
        if (released) return;
        released = true;
        held.users -= 1;
      },
    };
  }

  /** Budgets held now, in use or still remembering a window (for tests). */
  get size(): number {
    return this.held.size;
  }

  private forgetStale(now: number): void {
    let idle = 0;
    for (const [id, entry] of this.held) {
      if (entry.users > 0) continue;
      const { pausedUntil, resetAt } = entry.budget.state;
      if (Math.max(pausedUntil, resetAt ?? 0) <= now) this.held.delete(id);
      else idle += 1;
    }
    // Oldest first (a Map keeps insertion order).
    for (const [id, entry] of this.held) {
      if (idle <= MAX_IDLE) break;
      if (entry.users > 0) continue;
      this.held.delete(id);
      idle -= 1;
    }
  }
}

/** The process's registry: the library and the MCP server both lease from it. */
export const processBudgets = new BudgetRegistry();
