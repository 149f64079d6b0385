import { readFileSync } from 'node:fs';

/** Virtual memory size of this process in bytes, from /proc; 0 where /proc is not available. */
export function readVirtualBytes(): number {
  try {
    const status = readFileSync('/proc/self/status', 'latin1');
    const match = /^VmSize:\s+(\d+)\s+kB$/m.exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
  } catch {
    return 0;
  }
}
