/**
 * The import rules `npm run deps` checks (dependency-cruiser) over every source folder, tests
 * included, with no baseline of known violations: dependencies point one way.
 *
 *   faults/  the fault catalogue: the contract, depends on nothing of the project
 *   server/  the reference server: never imports the harness, reports, CLI, benchmarks or scripts
 *   chaos/   the harness: never imports reports, CLI or benchmarks
 *   reports/ never imports the CLI or benchmarks
 * and inside the server: the front and the supervisor meet only in server/pool/; worker-side code
 * (server/worker/) never imports supervisor-side or front code; no import cycle anywhere.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split out what both files need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'faults-depend-on-nothing',
      severity: 'error',
      comment: 'The fault catalogue is the contract the harness, the server and agents share; it imports none of them.',
      from: { path: '^faults/' },
      to: { path: '^(server|chaos|reports|cli|bench|scripts|dashboards|test|bin)/' },
    },
    {
      name: 'server-not-to-harness',
      severity: 'error',
      comment: 'The server never imports the harness that tests it, nor reports, CLI, benchmarks or scripts.',
      from: { path: '^server/' },
      to: { path: '^(chaos|reports|cli|bench|scripts|dashboards|test|bin)/' },
    },
    {
      name: 'harness-not-to-outer',
      severity: 'error',
      comment: 'The harness never imports reports, the CLI or benchmarks.',
      from: { path: '^chaos/' },
      to: { path: '^(reports|cli|bench|dashboards|test|bin)/' },
    },
    {
      name: 'reports-not-to-outer',
      severity: 'error',
      comment: 'Reports never import the CLI or benchmarks.',
      from: { path: '^reports/' },
      to: { path: '^(cli|bench|scripts|test|bin)/' },
    },
    {
      name: 'worker-not-to-supervisor-side',
      severity: 'error',
      comment: 'Worker-side code never imports supervisor-side or front code (they run in other processes).',
      from: { path: '^server/worker/' },
      to: { path: '^server/(supervisor|front|admin|pool)/' },
    },
    {
      name: 'front-not-to-supervisor',
      severity: 'error',
      comment: 'The front and the supervisor meet only through server/pool/.',
      from: { path: '^server/front/' },
      to: { path: '^server/supervisor/' },
    },
    {
      name: 'supervisor-not-to-front',
      severity: 'error',
      comment: 'The front and the supervisor meet only through server/pool/.',
      from: { path: '^server/supervisor/' },
      to: { path: '^server/front/' },
    },
    {
      name: 'product-not-to-tests',
      severity: 'error',
      comment: 'Only tests import tests.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
