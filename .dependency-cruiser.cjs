/** The import direction of ARCHITECTURE.md, checked in CI. */
module.exports = {
  forbidden: [
    {
      name: 'core-knows-no-adapter',
      comment: 'src/ is the core: it never imports adapters/ or jobs/',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(adapters|jobs)/' },
    },
    {
      name: 'core-knows-no-platform',
      comment: 'src/ knows no chat platform and no queue library',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm'], path: 'node_modules/(@slack|discord\\.js|@discordjs|bullmq)' },
    },
    {
      name: 'jobs-know-no-chat-adapter',
      comment: 'the worker reaches chat platforms only through the ports of src/',
      severity: 'error',
      from: { path: '^jobs/' },
      to: { path: '^adapters/(slack|discord|shell)/' },
    },
    {
      name: 'messages-know-no-operations',
      comment: 'views turn facts (message keys with parameters, reports) into text; a view that reached into the runner or an executor would tie wording to how an operation is carried out',
      severity: 'error',
      from: { path: '^src/messages/' },
      to: { path: '^src/operations/' },
    },
    {
      name: 'messages-know-no-driver',
      comment: 'reports are engine-neutral facts: a view that imported a driver would show one engine\'s details and break for the next engine (the neutral port file stays allowed)',
      severity: 'error',
      from: { path: '^src/messages/' },
      to: { path: '^src/drivers/(?!driver\\.ts)' },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ holds rules testable without I/O: no state database, no operations, no drivers, no command handling, no core',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/((state|operations|drivers|commands)/|core\\.ts$)' },
    },
    {
      name: 'commands-through-the-engine-port',
      comment: 'commands reach databases only through the engine port, so that a second database engine changes no handler',
      severity: 'error',
      from: { path: '^src/commands/' },
      to: { path: '^src/drivers/', pathNot: '^src/drivers/(engine|driver)\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
