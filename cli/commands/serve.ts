import { loadConfig, startServer, PoolchaosError, type ServerConfig } from '../../server/index.ts';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from '../exit-codes.ts';

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** `poolchaos serve`: runs until a signal, then drains. Resolves to the exit code. */
export async function serve(configPath: string | undefined, logLevel: string | undefined): Promise<number> {
  if (configPath === undefined) {
    process.stderr.write('poolchaos serve: --config <file> is required (see poolchaos serve --help)\n');
    return EXIT_BAD_INPUT;
  }
  if (logLevel !== undefined && !LOG_LEVELS.has(logLevel)) {
    process.stderr.write(`poolchaos serve: --log-level ${logLevel} is not one of ${[...LOG_LEVELS].join(', ')}\n`);
    return EXIT_BAD_INPUT;
  }
  let config: ServerConfig;
  try {
    config = await loadConfig(configPath);
  } catch (error) {
    process.stderr.write(`poolchaos serve: ${describe(error)}\n`);
    return EXIT_BAD_INPUT;
  }
  if (logLevel !== undefined) config = { ...config, log: { level: logLevel as ServerConfig['log']['level'] } };

  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    process.stderr.write(`poolchaos serve: ${describe(error)}\n`);
    return error instanceof PoolchaosError ? error.exitCode : EXIT_FAILURE;
  }
  process.stdout.write(`front listening on ${server.front.url}\n`);
  process.stdout.write(`admin listening on ${server.admin.url}\n`);

  return new Promise((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      signals++;
      if (signals > 1) {
        process.stderr.write(`poolchaos serve: ${signal} again, stopping now\n`);
        for (const pool of server.pools.values()) pool.supervisor.killAll();
        resolve(EXIT_FAILURE);
        return;
      }
      // stop() has closed the listener when it returns, so the notice is the edge: a connection
      // attempted after it is refused, and one accepted before it is served.
      const stopped = server.stop();
      process.stderr.write(`poolchaos serve: ${signal}, draining (send it again to stop now)\n`);
      void stopped.then(() => resolve(EXIT_OK));
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

function describe(error: unknown): string {
  if (error instanceof PoolchaosError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
