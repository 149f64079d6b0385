/**
 * The server's error catalogue, in the shape every catalogue has (error-catalogue.ts). Every error
 * the server raises on purpose carries one of these stable codes; messages may be reworded, codes
 * never change meaning. Config errors are bad input (exit 2); the rest are failures (exit 1).
 */
import { PoolchaosError, formatTemplate, type ErrorCatalogue } from './error-catalogue.ts';

export { PoolchaosError, formatTemplate } from './error-catalogue.ts';

export const serverErrorTemplates = {
  // config: the server config file and the command line
  ERR_CONFIG_NOT_FOUND: { message: 'config file %s does not exist', exitCode: 2, httpStatus: 400 },
  ERR_CONFIG_UNREADABLE: { message: 'config file %s cannot be read: %s', exitCode: 2, httpStatus: 400 },
  ERR_CONFIG_SYNTAX: { message: '%s is not valid %s: %s', exitCode: 2, httpStatus: 400 },
  ERR_CONFIG_INVALID: { message: '%s is not a valid poolchaos config:\n%s', exitCode: 2, httpStatus: 400 },
  ERR_CONFIG_MODULE_NOT_FOUND: { message: '%s: %s: handler module %s does not exist', exitCode: 2, httpStatus: 400 },
  ERR_CONFIG_IDENTITY_REQUIRES_ROOT: {
    message: 'pool %s sets identity, which needs the server to run as root (it runs as uid %s)',
    exitCode: 2,
    httpStatus: 400,
  },
  ERR_CONFIG_IDENTITY_UNKNOWN: { message: 'pool %s: %s %s does not exist on this machine', exitCode: 2, httpStatus: 400 },
  ERR_CONFIG_IDENTITY_NO_ACCESS: {
    message:
      'pool %s runs its workers as uid %s, which %s; let that user through (chmod o+x on the folders, o+r on the files) or run the server from a folder it can reach',
    exitCode: 2,
    httpStatus: 400,
  },
  // pool: admin operations on pools
  ERR_POOL_NOT_FOUND: { message: 'no pool named %s (pools: %s)', exitCode: 1, httpStatus: 404 },
  ERR_POOL_STOPPED: { message: 'pool %s is stopped; start it first', exitCode: 1, httpStatus: 409 },
  // admin: the admin API itself
  ERR_ADMIN_UNAUTHORIZED: { message: 'missing or wrong bearer token', exitCode: 1, httpStatus: 401 },
  ERR_ADMIN_NOT_FOUND: { message: 'no admin route %s %s', exitCode: 1, httpStatus: 404 },
  ERR_ADMIN_METHOD_NOT_ALLOWED: { message: '%s is not allowed on %s (allowed: %s)', exitCode: 1, httpStatus: 405 },
  ERR_ADMIN_UNREACHABLE: { message: 'cannot reach the admin API at %s: %s', exitCode: 1, httpStatus: 502 },
  ERR_ADMIN_INTERNAL: { message: 'the admin API failed: %s', exitCode: 1, httpStatus: 500 },
  ERR_ADMIN_REQUEST_FAILED: { message: 'the admin API answered %s: %s', exitCode: 1, httpStatus: 502 },
  // chaos: the admin API's chaos endpoint
  ERR_CHAOS_DISABLED: {
    message: 'chaos is not enabled on this server; set chaos.enabled: true in its config',
    exitCode: 1,
    httpStatus: 404,
  },
  ERR_CHAOS_INVALID: { message: 'not a valid fault:\n%s', exitCode: 1, httpStatus: 400 },
  ERR_CHAOS_NO_TARGET: { message: 'pool %s: no worker to inject %s into: %s', exitCode: 1, httpStatus: 409 },
  // telemetry: metrics and traces
  ERR_METRICS_DISABLED: {
    message: 'metrics are not enabled on this server; set telemetry.metrics: true in its config',
    exitCode: 1,
    httpStatus: 404,
  },
  ERR_TELEMETRY_EXPORTER: { message: 'OTEL_TRACES_EXPORTER=%s is not one of otlp, console, none', exitCode: 1, httpStatus: 400 },
  // front: listening for clients
  ERR_FRONT_LISTEN: { message: 'cannot listen on %s:%s: %s', exitCode: 1, httpStatus: 500 },
} as const satisfies ErrorCatalogue;

export type ServerErrorCode = keyof typeof serverErrorTemplates;

/** Builds a server error from the catalogue. */
export function serverError(code: ServerErrorCode, args: readonly unknown[], options?: ErrorOptions): PoolchaosError {
  const entry = serverErrorTemplates[code];
  return new PoolchaosError(code, entry, formatTemplate(entry.message, args), options);
}
