import { serverError } from '../../server/index.ts';
import type { AdminTarget } from '../admin-client.ts';
import { EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';

/** `poolchaos events`: prints the admin event stream line by line until it ends or is interrupted. */
export async function followEvents(target: AdminTarget, pool: string | undefined): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/events`, {
      headers: target.token === null ? {} : { authorization: `Bearer ${target.token}` },
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw serverError('ERR_ADMIN_UNREACHABLE', [target.url, cause]);
  }
  if (!response.ok || response.body === null) {
    throw serverError('ERR_ADMIN_REQUEST_FAILED', [response.status, await response.text()]);
  }
  const decoder = new TextDecoder();
  let partial = '';
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    partial += decoder.decode(chunk, { stream: true });
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      if (pool !== undefined && (JSON.parse(line) as { pool?: string }).pool !== pool) continue;
      process.stdout.write(`${line}\n`);
    }
  }
  return response.ok ? EXIT_OK : EXIT_FAILURE;
}
