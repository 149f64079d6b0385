/** Help texts; `poolchaos <command> --help` prints the command's own. */
export const MAIN_USAGE = `poolchaos: chaos testing and observability for worker-pool HTTP servers

Usage: poolchaos <command> [options]

Commands:
  serve --config <file>       run the reference pooled server
  pool list                   list pools with state, queue and workers
  pool show <name>            one pool's full status as JSON
  pool recycle <name>         recycle every worker of a pool (overlapped)
  pool start <name>           start a stopped pool (clears rapid-fail protection)
  pool stop <name>            stop a pool (requests get 503 Disabled)
  events                      follow the server's event stream (NDJSON)
  run <scenario...>           run chaos scenarios and write their reports
  report <journal...>         re-render reports from journal.json files
  schema                      print the server config's JSON Schema (--scenario-schema: the scenario's)

Options:
  -h, --help                  show help (also after a command)
  -v, --version               print the version

Exit codes: 0 success, 1 failure reported by the server, 2 bad input (usage or config).
Admin commands reach the admin API at --admin <url> (or POOLCHAOS_ADMIN_URL, default
http://127.0.0.1:9464) with --token <token> (or POOLCHAOS_ADMIN_TOKEN) when one is set.
`;

export const SERVE_USAGE = `Usage: poolchaos serve --config <file>

Runs the reference pooled server described by a YAML or JSON config file. Prints the front and
admin addresses on stdout, logs JSON lines on stderr, and drains gracefully on SIGTERM or SIGINT
(a second signal stops at once).

Options:
  -c, --config <file>    server config (YAML, or JSON when the name ends in .json)
  --log-level <level>    override log.level: fatal, error, warn, info, debug, trace, silent

Exit codes: 0 stopped cleanly, 1 could not listen or failed while running, 2 bad config.
`;

export const POOL_USAGE = `Usage: poolchaos pool <list|show|recycle|start|stop> [name] [options]

  list              one line per pool: state, queue length/limit, workers by state, restarts
  show <name>       the pool's status as JSON (the admin API's GET /pools/<name>)
  recycle <name>    overlapped recycle of every ready worker (recycle reason OnDemand)
  start <name>      start a stopped pool; clears rapid-fail protection
  stop <name>       stop a pool; its requests get 503 Disabled until it is started

Options:
  --admin <url>     admin API address (default POOLCHAOS_ADMIN_URL or http://127.0.0.1:9464)
  --token <token>   bearer token (default POOLCHAOS_ADMIN_TOKEN)
  --json            print JSON instead of a table (list)
`;

export const EVENTS_USAGE = `Usage: poolchaos events [--admin <url>] [--token <token>] [--pool <name>]

Follows the admin API's event stream and prints one JSON line per event until interrupted.
  --pool <name>     only events of this pool
`;

export const SCHEMA_USAGE = `Usage: poolchaos schema [--scenario-schema] [--out <file>]

Prints the JSON Schema (draft 2020-12) of the server config file, or of the scenario file with
--scenario-schema, or writes it to --out.
`;

export const RUN_USAGE = `Usage: poolchaos run <scenario.yaml...> [--out <dir>] [--junit <file>] [--verdict-power]

Runs each scenario in turn: starts its server (or attaches to target.urls), puts the load on it from
a separate process (autocannon), injects the faults on the timeline through the admin API, follows
the supervisor's events, and checks the expectations. Every scenario file is validated before
anything runs.

Writes <out>/<scenario>/{journal.json, junit.xml, summary.md, report.html} and, over the whole run,
<out>/{index.html, junit.xml, summary.md}. Progress goes to stdout: a live line on a terminal, plain
lines otherwise (CI).

Options:
  --out <dir>         report folder (default out/chaos, or out/verdict-power)
  --junit <file>      also write the run's JUnit XML here (one test case per expectation)
  --verdict-power     run each scenario with its verdictPower patch (a protection switched off);
                      succeeds only if every such run FAILS its verdict

Exit codes: 0 every expectation held (with --verdict-power: every broken server was caught),
1 an expectation failed or a run could not complete, 2 bad input (usage or scenario file).
`;

export const REPORT_USAGE = `Usage: poolchaos report <journal.json...> [--out <dir>]

Re-renders junit.xml, summary.md and report.html from journal files written by poolchaos run, into
each journal's folder (or --out; one sub-folder per scenario when several journals are given).

Exit codes: 0 written, 2 a file is not a journal this version renders.
`;

/** A command-line flag, as node:util parseArgs takes it. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
}

/** Every flag of the command line; a command accepts the ones its COMMANDS entry names, plus GLOBAL_FLAGS. */
export const FLAGS = {
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
} as const satisfies Readonly<Record<string, FlagSpec>>;

/** The name of a flag, without its dashes. */
export type FlagName = keyof typeof FLAGS;

/** Flags every command accepts. */
export const GLOBAL_FLAGS: readonly FlagName[] = ['help', 'version'];

/** One command: its help text, its subcommands (none: the positionals are operands) and its flags. */
export interface CommandSpec {
  readonly usage: string;
  readonly subcommands: readonly string[];
  readonly flags: readonly FlagName[];
}

/**
 * Every command with what it accepts: the CLI dispatches and rejects unknown flags from this table,
 * and the docs test checks every `poolchaos <command> --flag` the docs show against it.
 */
export const COMMANDS = {
  serve: { usage: SERVE_USAGE, subcommands: [], flags: ['config', 'log-level'] },
  pool: { usage: POOL_USAGE, subcommands: ['list', 'show', 'recycle', 'start', 'stop'], flags: ['admin', 'token', 'json'] },
  events: { usage: EVENTS_USAGE, subcommands: [], flags: ['admin', 'token', 'pool'] },
  run: { usage: RUN_USAGE, subcommands: [], flags: ['out', 'junit', 'verdict-power'] },
  report: { usage: REPORT_USAGE, subcommands: [], flags: ['out'] },
  schema: { usage: SCHEMA_USAGE, subcommands: [], flags: ['scenario-schema', 'out'] },
} as const satisfies Readonly<Record<string, CommandSpec>>;

/** The name of a command. */
export type CommandName = keyof typeof COMMANDS;

/** The command named `name`, if there is one. */
export function findCommand(name: string): CommandSpec | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name as CommandName] : undefined;
}
