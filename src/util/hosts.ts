// What counts as a loopback host: the only hosts plain http:// may reach, and
// the hosts no proxy ever stands in front of (docs/CONTRACT.md#security).

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
