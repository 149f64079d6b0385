/**
 * Whether a pool's identity can reach what its workers need before any worker is started: every
 * folder on the way must let it through (x), the Node binary must be executable and the worker entry
 * and app modules readable by it. Without this check a worker running as `nobody` under a 0700 folder
 * dies at start, and the pool trips rapid-fail protection with no word about why. Mode bits are read
 * the way the kernel applies them: owner bits for the owner, group bits for a member of the group
 * (primary or supplementary), other bits for everyone else; uid 0 passes. ACLs are not read.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** One path the identity needs, and what for. */
export interface AccessNeed {
  readonly path: string;
  readonly need: 'read' | 'execute';
}

/** Who the workers run as: a uid and every group it is a member of. */
export interface AccessIdentity {
  readonly uid: number;
  readonly gids: readonly number[];
}

const READ = 4;
const EXECUTE = 1;

/** The first thing the identity cannot do, as `cannot <what> <path> (mode <octal>, owner <uid>:<gid>)`, or null. */
export function findAccessProblem(needs: readonly AccessNeed[], identity: AccessIdentity): string | null {
  if (identity.uid === 0) return null;
  for (const { path, need } of needs) {
    const absolute = resolve(path);
    const folders: string[] = [];
    for (let folder = dirname(absolute); ; folder = dirname(folder)) {
      folders.unshift(folder);
      if (dirname(folder) === folder) break;
    }
    for (const folder of folders) {
      const problem = problemWith(folder, EXECUTE, 'enter the folder', identity);
      if (problem !== null) return problem;
    }
    const problem = problemWith(absolute, need === 'read' ? READ : EXECUTE, need === 'read' ? 'read' : 'execute', identity);
    if (problem !== null) return problem;
  }
  return null;
}

function problemWith(path: string, bit: number, what: string, identity: AccessIdentity): string | null {
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return `cannot ${what} ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`;
  }
  const mode = stats.mode & 0o777;
  const shift = stats.uid === identity.uid ? 6 : identity.gids.includes(stats.gid) ? 3 : 0;
  if (((mode >> shift) & bit) !== 0) return null;
  return `cannot ${what} ${path} (mode ${mode.toString(8)}, owner ${String(stats.uid)}:${String(stats.gid)})`;
}
