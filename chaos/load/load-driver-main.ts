/**
 * Entry point of the load driver's child process (forked by load-driver.ts with an IPC channel).
 * Everything it does lives in load-child.ts; this file only hands it the process.
 */
import { serveLoadChild, type LoadChildChannel } from './load-child.ts';

if (process.send === undefined) {
  process.stderr.write('load-driver-main.ts runs only as a child forked by runLoad (it needs an IPC channel)\n');
  process.exit(2);
}
serveLoadChild(process as unknown as LoadChildChannel, (code) => process.exit(code));
