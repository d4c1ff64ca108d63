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
