import { openEventStream } from '../../server/index.ts';
import type { AdminTarget } from '../admin-client.ts';
import { EXIT_OK } from '../exit-codes.ts';

/** `poolchaos events`: prints the admin event stream line by line until it ends or is interrupted. */
export async function followEvents(target: AdminTarget, pool: string | undefined): Promise<number> {
  const stream = await openEventStream(target, (line) => {
    if (pool !== undefined && (JSON.parse(line) as { pool?: string }).pool !== pool) return;
    process.stdout.write(`${line}\n`);
  });
  await stream.ended;
  return EXIT_OK;
}
