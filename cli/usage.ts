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
  schema                      print the server config's JSON Schema

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

export const SCHEMA_USAGE = `Usage: poolchaos schema [--out <file>]

Prints the JSON Schema (draft 2020-12) of the server config file, or writes it to --out.
`;
