import type { AdminEndpoint } from '../server/index.ts';

/** Where the admin API is and how to authenticate, from flags or the environment. */
export type AdminTarget = AdminEndpoint;

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9464';

/** Resolves the admin target: flags first, then POOLCHAOS_ADMIN_URL / POOLCHAOS_ADMIN_TOKEN. */
export function resolveAdminTarget(flags: { admin?: string | undefined; token?: string | undefined }): AdminTarget {
  return {
    url: (flags.admin ?? process.env.POOLCHAOS_ADMIN_URL ?? DEFAULT_ADMIN_URL).replace(/\/$/, ''),
    token: flags.token ?? process.env.POOLCHAOS_ADMIN_TOKEN ?? null,
  };
}
