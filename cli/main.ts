/** The `poolchaos` command line: parses arguments and runs one command. */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configJsonSchema, PoolchaosError } from '../server/index.ts';
import { scenarioJsonSchema } from '../chaos/index.ts';
import { resolveAdminTarget } from './admin-client.ts';
import { followEvents } from './commands/events.ts';
import { pool } from './commands/pool.ts';
import { serve } from './commands/serve.ts';
import { run } from './commands/run.ts';
import { report } from './commands/report.ts';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK } from './exit-codes.ts';
import { EVENTS_USAGE, MAIN_USAGE, POOL_USAGE, REPORT_USAGE, RUN_USAGE, SCHEMA_USAGE, SERVE_USAGE } from './usage.ts';

const COMMAND_USAGE: Readonly<Record<string, string>> = {
  serve: SERVE_USAGE,
  pool: POOL_USAGE,
  events: EVENTS_USAGE,
  schema: SCHEMA_USAGE,
  run: RUN_USAGE,
  report: REPORT_USAGE,
};

function readVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        config: { type: 'string', short: 'c' },
        'log-level': { type: 'string' },
        admin: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean' },
        pool: { type: 'string' },
        out: { type: 'string' },
        junit: { type: 'string' },
        'verdict-power': { type: 'boolean' },
        'scenario-schema': { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`poolchaos: ${(error as Error).message}\n\n${MAIN_USAGE}`);
    return EXIT_BAD_INPUT;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.version === true) {
    process.stdout.write(`${readVersion()}\n`);
    return EXIT_OK;
  }
  if (command === undefined || command === 'help') {
    process.stdout.write(command === 'help' && rest[0] !== undefined ? (COMMAND_USAGE[rest[0]] ?? MAIN_USAGE) : MAIN_USAGE);
    return values.help === true || command === 'help' ? EXIT_OK : EXIT_BAD_INPUT;
  }
  const usage = COMMAND_USAGE[command];
  if (usage === undefined) {
    process.stderr.write(`poolchaos: unknown command ${command}\n\n${MAIN_USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (values.help === true) {
    process.stdout.write(usage);
    return EXIT_OK;
  }
  try {
    switch (command) {
      case 'serve':
        return await serve(values.config, values['log-level']);
      case 'pool':
        return await pool(rest, resolveAdminTarget(values), values.json === true);
      case 'events':
        return await followEvents(resolveAdminTarget(values), values.pool);
      case 'run':
        return await run({
          files: rest,
          outDir: values.out,
          junitFile: values.junit,
          isVerdictPower: values['verdict-power'] === true,
          toolVersion: readVersion(),
        });
      case 'report':
        return report(rest, values.out);
      case 'schema': {
        const schema = values['scenario-schema'] === true ? scenarioJsonSchema() : configJsonSchema();
        const text = `${JSON.stringify(schema, null, 2)}\n`;
        if (values.out === undefined) process.stdout.write(text);
        else writeFileSync(values.out, text);
        return EXIT_OK;
      }
    }
  } catch (error) {
    if (error instanceof PoolchaosError) {
      process.stderr.write(`poolchaos ${command}: ${error.code}: ${error.message}\n`);
      return error.code.startsWith('ERR_CONFIG_') ? EXIT_BAD_INPUT : EXIT_FAILURE;
    }
    throw error;
  }
  return EXIT_FAILURE;
}
