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
import { FLAGS, GLOBAL_FLAGS, MAIN_USAGE, findCommand, type FlagName } from './usage.ts';

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
      options: FLAGS,
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
    process.stdout.write(command === 'help' && rest[0] !== undefined ? (findCommand(rest[0])?.usage ?? MAIN_USAGE) : MAIN_USAGE);
    return values.help === true || command === 'help' ? EXIT_OK : EXIT_BAD_INPUT;
  }
  const spec = findCommand(command);
  if (spec === undefined) {
    process.stderr.write(`poolchaos: unknown command ${command}\n\n${MAIN_USAGE}`);
    return EXIT_BAD_INPUT;
  }
  if (values.help === true) {
    process.stdout.write(spec.usage);
    return EXIT_OK;
  }
  const foreign = (Object.keys(values) as FlagName[]).find((flag) => !GLOBAL_FLAGS.includes(flag) && !spec.flags.includes(flag));
  if (foreign !== undefined) {
    process.stderr.write(`poolchaos ${command}: ${command} takes no --${foreign} option\n\n${spec.usage}`);
    return EXIT_BAD_INPUT;
  }
  if (spec.subcommands.length > 0 && !spec.subcommands.includes(rest[0] ?? '')) {
    process.stderr.write(`poolchaos ${command}: unknown action ${rest[0] ?? '(none)'}\n\n${spec.usage}`);
    return EXIT_BAD_INPUT;
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
      return error.exitCode;
    }
    throw error;
  }
  return EXIT_FAILURE;
}
