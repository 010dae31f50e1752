// Waiting for a child CLI to be ready for a signal.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves once the CLI's own signal handlers are in, so what a signal does
 * next is the CLI's doing, however slowly a loaded machine got the process
 * that far. Read from SigCgt in /proc/<pid>/status: Node itself catches
 * SIGINT and SIGTERM from its first milliseconds, but nothing catches SIGHUP
 * until the CLI adds its handlers — for SIGINT, SIGTERM and SIGHUP at once.
 */
export async function handlersIn(pid: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  const bit = 1n << 0n; // SIGHUP is signal 1
  for (;;) {
    const m = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m && (BigInt(`0x${m[1]}`) & bit) !== 0n) return;
    if (Date.now() > until) throw new Error(`process ${pid} never caught SIGHUP`);
    await sleep(20);
  }
}
