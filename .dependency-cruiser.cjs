// Layer rules of DESIGN §4, checked by `npm run lint`.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain takes plain data and an instant; it imports no I/O layer.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(slack|db|jobs|http|observability|config/load|cli|main)' },
    },
    {
      name: 'domain-no-io-packages',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: 'node_modules/(@slack|@prisma|pg|@electric-sql|pino|prom-client|node-cron)/' },
    },
    {
      name: 'prisma-only-in-db',
      comment: 'Only src/db touches Prisma or the database drivers.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/' },
      to: { path: '(^src/db/generated/|node_modules/(@prisma|pg|@electric-sql|pglite-prisma-adapter)/)' },
    },
    {
      name: 'services-do-not-know-slack',
      comment: 'Services decide and return outcomes through ports (services/ports.ts); slack/ implements them.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/slack/' },
    },
    {
      name: 'services-do-not-call-slack',
      comment: 'Slack calls go through the Messenger and Workspace ports; services never hold a WebClient.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: 'node_modules/@slack/' },
    },
    {
      name: 'services-do-not-know-the-database',
      comment: 'Services declare the stores they need (services/stores.ts); the repositories in db/ implement them.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'presenters-do-not-read-the-database',
      comment: 'Block Kit is built from the plain data it is given.',
      severity: 'error',
      from: { path: '^src/slack/presenters/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'domain-does-not-know-services',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/services/' },
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
    exclude: { path: '^src/db/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
  },
};
