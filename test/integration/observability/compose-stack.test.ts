/**
 * The compose stack (docker-compose.yml, Dockerfile, deploy/) without a Docker engine: none runs on
 * these machines and no image can be pulled, so each piece is checked with the real tool or loader
 * that reads it. Debian's docker-compose 1.29 validates and normalises the compose file offline; the
 * server config and scenarios go through poolchaos's own loaders; the provisioning and Tempo files
 * are parsed and cross-checked against the compose file; the image's HEALTHCHECK command runs
 * against a real server; the Dockerfile copies every folder the CLI imports.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { ensureAptPackages } from '../../../scripts/ensure-apt.ts';
import { loadConfig, type ServerConfig } from '../../../server/index.ts';
import { loadScenario } from '../../../chaos/index.ts';
import { startTestServer, type TestServer } from '../../helpers/test-server.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const SERVER_CONFIG = join(ROOT, 'deploy/poolchaos/server.yaml');
const SCENARIO_DIR = join(ROOT, 'deploy/scenarios');
/** Installing docker-compose on a fresh machine (apt-get update and install) can take minutes. */
const APT_INSTALL_TIMEOUT_MS = 600_000;
const execFileAsync = promisify(execFile);

interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  readonly entrypoint?: readonly string[];
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly network_mode?: string;
  readonly profiles?: readonly string[];
}

interface BindMount {
  readonly service: string;
  readonly source: string;
  readonly target: string;
  readonly isReadOnly: boolean;
}

function readYaml<T>(path: string): T {
  return parseYaml(readFileSync(join(ROOT, path), 'utf8')) as T;
}

/** Host-side bind mounts in the normalised compose file (absolute sources; named volumes left out). */
function bindMounts(services: Readonly<Record<string, ComposeService>>): BindMount[] {
  return Object.entries(services).flatMap(([service, spec]) =>
    (spec.volumes ?? [])
      .map((volume) => volume.split(':'))
      .filter(([source]) => source?.startsWith('/') === true)
      .map(([source = '', target = '', mode = 'rw']) => ({ service, source, target, isReadOnly: mode === 'ro' })),
  );
}

function service(services: Readonly<Record<string, ComposeService>>, name: string): ComposeService {
  const found = services[name];
  assert.ok(found !== undefined, `docker-compose.yml has no service ${name}`);
  return found;
}

/** Relative imports reachable from `entry`, as repository paths. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:from\s*|import\(\s*|new URL\(\s*)'(\.{1,2}\/[^']+\.(?:ts|js))'/g)) {
      const target = resolve(dirname(file), match[1] as string);
      if (existsSync(target)) pending.push(target);
    }
  }
  return new Set([...seen].map((file) => relative(ROOT, file)));
}

/** Dockerfile instructions as [keyword, rest], continuation lines joined. */
function dockerfileInstructions(): [string, string][] {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return [keyword.toUpperCase(), rest.join(' ')];
    });
}

function instructionsOf(keyword: string): string[] {
  return dockerfileInstructions()
    .filter(([name]) => name === keyword)
    .map(([, rest]) => rest);
}

describe('compose stack', function () {
  this.timeout(30_000);
  let dockerCompose = '';
  let services: Record<string, ComposeService> = {};
  let serverConfig: ServerConfig;

  before(async function () {
    this.timeout(APT_INSTALL_TIMEOUT_MS);
    dockerCompose = ensureAptPackages([{ binary: 'docker-compose', packageName: 'docker-compose' }]).get('docker-compose') ?? '';
    const normalised = spawnSync(dockerCompose, ['-f', COMPOSE_FILE, 'config'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(normalised.status, 0, normalised.stderr);
    services = (parseYaml(normalised.stdout) as { services: Record<string, ComposeService> }).services;
    serverConfig = await loadConfig(SERVER_CONFIG);
  });

  describe('docker-compose.yml', function () {
    it('passes docker-compose config -q', function () {
      const result = spawnSync(dockerCompose, ['-f', COMPOSE_FILE, 'config', '-q'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(result.stderr, '');
      assert.equal(result.status, 0);
    });

    it('fails config -q naming the key when a service has a misspelled one', function () {
      const dir = mkdtempSync(join(tmpdir(), 'poolchaos-compose-'));
      try {
        const text = readFileSync(COMPOSE_FILE, 'utf8');
        const broken = text.replace(/^( {4})environment:\n( {6}OTEL_TRACES_EXPORTER)/m, '$1enviroment:\n$2');
        assert.notEqual(broken, text, 'the server service no longer starts its environment with OTEL_TRACES_EXPORTER');
        writeFileSync(join(dir, 'docker-compose.yml'), broken);
        const result = spawnSync(dockerCompose, ['-f', join(dir, 'docker-compose.yml'), '--project-directory', ROOT, 'config', '-q'], {
          cwd: dir,
          encoding: 'utf8',
        });
        assert.equal(result.status, 1);
        assert.match(result.stderr, /Unsupported config option for services\.server: 'enviroment'/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has exactly the services chaos, grafana, k6, prometheus, server and tempo', function () {
      const result = spawnSync(dockerCompose, ['-f', COMPOSE_FILE, 'config', '--services'], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.deepEqual(result.stdout.trim().split('\n').sort(), ['chaos', 'grafana', 'k6', 'prometheus', 'server', 'tempo']);
    });

    it('mounts read-only only paths that exist in the repository, and writable ones only where git ignores them', function () {
      const mounts = bindMounts(services);
      const gitignore = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
      assert.deepEqual(
        mounts.map((mount) => `${mount.service} ${relative(ROOT, mount.source)}`),
        [
          'chaos deploy/scenarios',
          'chaos out',
          'grafana deploy/grafana/provisioning/datasources',
          'grafana deploy/grafana/provisioning/dashboards',
          'grafana dashboards',
          'k6 loadtests/k6',
          'k6 out',
          'prometheus deploy/prometheus',
          'server deploy/poolchaos',
          'tempo deploy/tempo/tempo.yaml',
        ],
      );
      for (const mount of mounts) {
        assert.ok(mount.source.startsWith(ROOT), `${mount.service} mounts ${mount.source}, outside the repository`);
        if (mount.isReadOnly) assert.ok(existsSync(mount.source), `${mount.service} mounts ${mount.source}, which does not exist`);
        else
          assert.ok(
            gitignore.includes(`${relative(ROOT, mount.source)}/`),
            `${mount.service} writes to ${mount.source}, which git does not ignore`,
          );
      }
    });

    it('publishes every port on the host loopback only', function () {
      const ports = Object.entries(services).flatMap(([name, spec]) => (spec.ports ?? []).map((port) => `${name} ${port}`));
      assert.deepEqual(ports, [
        'grafana 127.0.0.1:3000:3000/tcp',
        'prometheus 127.0.0.1:9090:9090/tcp',
        'server 127.0.0.1:8080:8080/tcp',
        'server 127.0.0.1:9464:9464/tcp',
        'tempo 127.0.0.1:3200:3200/tcp',
      ]);
    });

    it('pins every pulled image to a version tag', function () {
      const images = Object.fromEntries(
        ['prometheus', 'grafana', 'tempo'].map((name) => [name, service(services, name).image?.replace(/:.*/, '')]),
      );
      assert.deepEqual(images, { prometheus: 'prom/prometheus', grafana: 'grafana/grafana', tempo: 'grafana/tempo' });
      for (const name of ['prometheus', 'grafana', 'tempo']) {
        assert.match(service(services, name).image ?? '', /:v?\d+\.\d+\.\d+$/, `${name} image is not pinned`);
      }
    });

    it('runs the chaos runner from the server image, in its network namespace, only on demand', function () {
      const server = service(services, 'server');
      const chaos = service(services, 'chaos');
      assert.equal(chaos.image, server.image);
      assert.equal(chaos.build?.context, server.build?.context);
      assert.equal(chaos.network_mode, 'service:server');
      assert.deepEqual(chaos.profiles, ['tools']);
      for (const name of ['server', 'prometheus', 'grafana', 'tempo']) assert.equal(service(services, name).profiles, undefined);
    });

    it('runs k6 from loadtests/k6/Dockerfile in the server network namespace, only on demand, writing to Prometheus', function () {
      const k6 = service(services, 'k6');
      assert.deepEqual([k6.build?.context, k6.build?.dockerfile], [ROOT.replace(/\/$/, ''), 'loadtests/k6/Dockerfile']);
      assert.ok(existsSync(join(ROOT, 'loadtests/k6/Dockerfile')));
      assert.equal(k6.network_mode, 'service:server');
      assert.deepEqual(k6.profiles, ['tools']);
      assert.deepEqual(k6.command, ['run', '-o', 'experimental-prometheus-rw', '/scripts/promises/crash-storm.js']);
      assert.ok(existsSync(join(ROOT, 'loadtests/k6/promises/crash-storm.js')));
      assert.deepEqual(k6.environment, {
        K6_PROMETHEUS_RW_SERVER_URL: 'http://prometheus:9090/api/v1/write',
        K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),max',
        FRONT_URL: `http://127.0.0.1:${String(serverConfig.listen.port)}`,
        ADMIN_URL: `http://127.0.0.1:${String(serverConfig.admin.port)}`,
        ADMIN_TOKEN: serverConfig.admin.token,
      });
    });

    it('sends the server traces to Tempo over OTLP/HTTP', function () {
      const tempo = readYaml<{ distributor: { receivers: { otlp: { protocols: { http: { endpoint: string } } } } } }>(
        'deploy/tempo/tempo.yaml',
      );
      assert.deepEqual(service(services, 'server').environment, {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tempo:4318',
        OTEL_SERVICE_NAME: 'poolchaos',
        POOLCHAOS_ADMIN_TOKEN: serverConfig.admin.token,
      });
      assert.equal(tempo.distributor.receivers.otlp.protocols.http.endpoint, '0.0.0.0:4318');
    });
  });

  describe('deploy/poolchaos/server.yaml', function () {
    it('loads with the server config loader, with chaos on and a token on the non-loopback admin API', function () {
      assert.equal(serverConfig.chaos.enabled, true);
      assert.equal(serverConfig.admin.host, '0.0.0.0');
      assert.equal(serverConfig.admin.token, 'poolchaos-compose-demo-token');
      assert.deepEqual(Object.keys(serverConfig.pools), ['web', 'api']);
    });

    it('uses the token Prometheus scrapes with and ports the compose file publishes', function () {
      const prometheus = readYaml<{
        scrape_configs: { authorization?: { credentials?: string }; static_configs: { targets: string[] }[] }[];
      }>('deploy/prometheus/prometheus.yml');
      const job = prometheus.scrape_configs[0];
      assert.ok(job !== undefined);
      assert.equal(job.authorization?.credentials, serverConfig.admin.token);
      assert.deepEqual(job.static_configs[0]?.targets, [`server:${String(serverConfig.admin.port)}`]);
      assert.deepEqual(service(services, 'server').ports, [
        `127.0.0.1:${String(serverConfig.listen.port)}:${String(serverConfig.listen.port)}/tcp`,
        `127.0.0.1:${String(serverConfig.admin.port)}:${String(serverConfig.admin.port)}/tcp`,
      ]);
    });
  });

  describe('deploy/scenarios', function () {
    const files = readdirSync(SCENARIO_DIR)
      .filter((file) => file.endsWith('.yaml'))
      .sort();

    it('holds the crash-storm, freeze, memory-leak and crash-loop scenarios', function () {
      assert.deepEqual(files, ['crash-loop.yaml', 'crash-storm.yaml', 'freeze.yaml', 'memory-leak.yaml']);
    });

    for (const file of files) {
      it(`${file} loads and attaches to the server on loopback, injecting into its pools`, async function () {
        const scenario = await loadScenario(join(SCENARIO_DIR, file));
        assert.deepEqual(scenario.target, {
          kind: 'attach',
          frontUrl: `http://127.0.0.1:${String(serverConfig.listen.port)}`,
          adminUrl: `http://127.0.0.1:${String(serverConfig.admin.port)}`,
          token: serverConfig.admin.token,
        });
        assert.ok(scenario.faults.length > 0);
        for (const fault of scenario.faults)
          assert.ok(fault.pool in serverConfig.pools, `${file}: fault on ${fault.pool}, which the server lacks`);
      });
    }

    it('is what the chaos runner mounts and runs by default', function () {
      const chaos = service(services, 'chaos');
      const mount = bindMounts(services).find(
        (candidate) => candidate.service === 'chaos' && candidate.source === SCENARIO_DIR.replace(/\/$/, ''),
      );
      assert.equal(mount?.target, '/scenarios');
      const scenarios = (chaos.command ?? []).filter((arg) => arg.startsWith('/scenarios/'));
      assert.deepEqual(scenarios, ['/scenarios/crash-storm.yaml', '/scenarios/freeze.yaml', '/scenarios/memory-leak.yaml']);
      for (const path of scenarios) assert.ok(files.includes(path.slice('/scenarios/'.length)), `${path} is not in deploy/scenarios`);
    });
  });

  describe('Grafana provisioning', function () {
    interface Datasource {
      readonly uid: string;
      readonly type: string;
      readonly url: string;
      readonly jsonData?: { readonly timeInterval?: string };
    }

    it('provisions Prometheus as uid prometheus with its scrape interval, and Tempo as uid tempo', function () {
      const { datasources } = readYaml<{ datasources: Datasource[] }>('deploy/grafana/provisioning/datasources/datasources.yaml');
      const prometheus = readYaml<{ global: { scrape_interval: string } }>('deploy/prometheus/prometheus.yml');
      const tempo = readYaml<{ server: { http_listen_port: number } }>('deploy/tempo/tempo.yaml');
      assert.deepEqual(
        datasources.map((source) => [source.uid, source.type, source.url]),
        [
          ['prometheus', 'prometheus', 'http://prometheus:9090'],
          ['tempo', 'tempo', `http://tempo:${String(tempo.server.http_listen_port)}`],
        ],
      );
      assert.equal(datasources[0]?.jsonData?.timeInterval, prometheus.global.scrape_interval);
    });

    it('loads dashboards from the folder the compose file mounts ./dashboards at', function () {
      const { providers } = readYaml<{ providers: { type: string; folder: string; options: { path: string } }[] }>(
        'deploy/grafana/provisioning/dashboards/poolchaos.yaml',
      );
      const mount = bindMounts(services).find(
        (candidate) => candidate.service === 'grafana' && candidate.source === join(ROOT, 'dashboards'),
      );
      assert.deepEqual(
        providers.map((provider) => [provider.type, provider.folder, provider.options.path]),
        [['file', 'poolchaos', mount?.target]],
      );
    });

    it('opens on a generated dashboard that the mount provides', function () {
      const home = service(services, 'grafana').environment?.['GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH'] ?? '';
      const mount = bindMounts(services).find((candidate) => candidate.service === 'grafana' && home.startsWith(`${candidate.target}/`));
      assert.ok(mount !== undefined, `${home} is not under a mounted folder`);
      const dashboard = JSON.parse(readFileSync(join(mount.source, home.slice(mount.target.length)), 'utf8')) as { uid: string };
      assert.equal(dashboard.uid, 'poolchaos-pool-overview');
    });
  });

  describe('Dockerfile', function () {
    it('has the entrypoint the chaos service repeats and the config path the server service mounts', function () {
      assert.deepEqual(instructionsOf('ENTRYPOINT'), ['["node", "bin/poolchaos.js"]']);
      assert.deepEqual(service(services, 'chaos').entrypoint, ['node', 'bin/poolchaos.js']);
      const cmd = JSON.parse(instructionsOf('CMD').at(-1) ?? '[]') as string[];
      const configMount = bindMounts(services).find((mount) => mount.service === 'server');
      assert.equal(configMount?.source, join(ROOT, 'deploy/poolchaos'));
      assert.deepEqual(cmd, ['serve', '--config', `${configMount.target}/server.yaml`]);
      assert.equal(instructionsOf('WORKDIR').at(-1), dirname(dirname(configMount.target)));
    });

    it('exposes the front and admin ports of the server config', function () {
      assert.deepEqual(instructionsOf('EXPOSE'), [`${String(serverConfig.listen.port)} ${String(serverConfig.admin.port)}`]);
    });

    it('runs as the node user', function () {
      assert.deepEqual(instructionsOf('USER'), ['node']);
    });

    it('copies every folder the CLI imports, and the CLI needs no dev dependency', function () {
      const copied = instructionsOf('COPY')
        .filter((args) => !args.startsWith('--from='))
        .map((args) => args.split(/\s+/)[0]);
      const folders = new Set([...importGraph(join(ROOT, 'bin/poolchaos.js'))].map((file) => file.split(sep)[0]));
      for (const folder of folders) assert.ok(copied.includes(folder), `the CLI imports ${folder}/, which the Dockerfile does not copy`);
      const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
      for (const source of copied) {
        assert.ok(existsSync(join(ROOT, source ?? '')), `COPY ${String(source)}: no such path`);
        assert.ok(!dockerignore.includes(source ?? ''), `COPY ${String(source)}: .dockerignore leaves it out`);
      }
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
      for (const file of importGraph(join(ROOT, 'bin/poolchaos.js'))) {
        for (const match of readFileSync(join(ROOT, file), 'utf8').matchAll(/from '((?:@[^/']+\/)?[^./'][^/']*)/g)) {
          const name = match[1] as string;
          if (!name.startsWith('node:')) assert.ok(!(name in manifest.devDependencies), `${file} imports ${name}, a dev dependency`);
        }
      }
    });

    describe('HEALTHCHECK', function () {
      let server: TestServer | null = null;
      let script = '';

      before(async function () {
        const healthcheck = instructionsOf('HEALTHCHECK');
        assert.equal(healthcheck.length, 1);
        const exec = JSON.parse((healthcheck[0] ?? '').replace(/^.*?CMD\s+/, '')) as string[];
        assert.deepEqual(exec.slice(0, 2), ['node', '-e']);
        script = exec[2] ?? '';
        server = await startTestServer({
          admin: { host: '127.0.0.1', port: 0, token: 'healthcheck-token' },
          pools: { p: {} },
          apps: [{ path: '/', pool: 'p', module: 'slow-start.ts' }],
        });
      });

      after(async function () {
        await server?.stop();
      });

      async function runCheck(token: string | null): Promise<number> {
        const env: NodeJS.ProcessEnv = { ...process.env, POOLCHAOS_ADMIN_URL: server?.adminUrl ?? '' };
        delete env['POOLCHAOS_ADMIN_TOKEN'];
        if (token !== null) env['POOLCHAOS_ADMIN_TOKEN'] = token;
        try {
          await execFileAsync(process.execPath, ['-e', script], { env, timeout: 10_000 });
          return 0;
        } catch (error) {
          return (error as { code?: number }).code ?? -1;
        }
      }

      it('passes with the admin token', async function () {
        assert.equal(await runCheck('healthcheck-token'), 0);
      });

      it('fails without the token, and with a wrong one', async function () {
        assert.equal(await runCheck(null), 1);
        assert.equal(await runCheck('wrong-token'), 1);
      });
    });
  });
});
