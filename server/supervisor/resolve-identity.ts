import { execFileSync } from 'node:child_process';
import type { IdentitySettings } from '../config/settings.ts';
import { serverError } from '../errors.ts';

/** Numeric ids a pool's workers run as; null fields keep the server's own. */
export interface ResolvedIdentity {
  readonly uid: number | null;
  readonly gid: number | null;
  /** Every group the workers are members of (the primary one and the user's supplementary ones). */
  readonly gids: readonly number[];
}

function lookUp(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function resolveId(pool: string, kind: 'user' | 'group', value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const answer = kind === 'user' ? lookUp('id', ['-u', value]) : lookUp('getent', ['group', value])?.split(':')[2];
  if (answer === null || answer === undefined || !/^\d+$/.test(answer)) {
    throw serverError('ERR_CONFIG_IDENTITY_UNKNOWN', [pool, kind, value]);
  }
  return Number(answer);
}

/**
 * Turns a pool's identity (names or ids) into numeric ids. A user without a group runs with that
 * user's primary group. Needs root when any identity is set.
 */
export function resolveIdentity(pool: string, identity: IdentitySettings, currentUid: number): ResolvedIdentity {
  if (identity.user === null && identity.group === null) return { uid: null, gid: null, gids: [] };
  if (currentUid !== 0) throw serverError('ERR_CONFIG_IDENTITY_REQUIRES_ROOT', [pool, currentUid]);
  const uid = identity.user === null ? null : resolveId(pool, 'user', identity.user);
  let gid = identity.group === null ? null : resolveId(pool, 'group', identity.group);
  if (gid === null && identity.user !== null) {
    const primary = lookUp('id', ['-g', identity.user]);
    gid = primary === null ? null : Number(primary);
  }
  const supplementary =
    identity.user === null
      ? []
      : (lookUp('id', ['-G', identity.user])
          ?.split(/\s+/)
          .filter((id) => /^\d+$/.test(id))
          .map(Number) ?? []);
  return { uid, gid, gids: [...new Set([...(gid === null ? [] : [gid]), ...supplementary])] };
}
