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
      name: 'operations-reach-databases-through-the-port',
      comment: 'executors and the runner call the DatabaseDriver port (src/drivers/driver.ts); only the composition picks the MariaDB driver',
      severity: 'error',
      from: { path: '^src/operations/' },
      to: { path: '^src/drivers/mariadb/' },
    },
    {
      name: 'no-mariadb-outside-drivers',
      comment: 'commands, messages and the domain know no database engine',
      severity: 'error',
      from: { path: '^src/(commands|messages|domain)/' },
      to: { path: '^src/drivers/mariadb/' },
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
