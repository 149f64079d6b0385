import { serverError } from '../server/index.ts';

/** Where the admin API is and how to authenticate, from flags or the environment. */
export interface AdminTarget {
  readonly url: string;
  readonly token: string | null;
}

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:9464';

/** Resolves the admin target: flags first, then POOLCHAOS_ADMIN_URL / POOLCHAOS_ADMIN_TOKEN. */
export function resolveAdminTarget(flags: { admin?: string | undefined; token?: string | undefined }): AdminTarget {
  return {
    url: (flags.admin ?? process.env.POOLCHAOS_ADMIN_URL ?? DEFAULT_ADMIN_URL).replace(/\/$/, ''),
    token: flags.token ?? process.env.POOLCHAOS_ADMIN_TOKEN ?? null,
  };
}

/** Calls the admin API and returns its JSON; failures become ERR_ADMIN_* errors. */
export async function callAdmin(target: AdminTarget, method: 'GET' | 'POST', path: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: target.token === null ? {} : { authorization: `Bearer ${target.token}` },
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw serverError('ERR_ADMIN_UNREACHABLE', [target.url, cause]);
  }
  const body = (await response.json()) as { error?: { code: string; message: string } };
  if (!response.ok) {
    const detail = body.error === undefined ? response.statusText : `${body.error.code}: ${body.error.message}`;
    throw serverError('ERR_ADMIN_REQUEST_FAILED', [response.status, detail]);
  }
  return body;
}
