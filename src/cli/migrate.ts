import { SystemClock } from '../clock.js';
import type { CliCommand } from './command.js';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: ['migrate', 'apply database migrations and exit'],
  options: {},
  positionals: { max: 0, tooMany: (given) => `migrate takes no arguments, got "${given.join(' ')}"` },
  async run({ env, io }) {
    const { migrate, openDatabase } = await import('../db/index.js');
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
    try {
      const clock = new SystemClock();
      const result = await migrate(db, () => clock.now());
      io.out(
        result.applied.length === 0
          ? `${db.kind} database at ${db.location} is up to date (${result.alreadyApplied} migrations)`
          : `applied ${result.applied.join(', ')} to the ${db.kind} database at ${db.location}`,
      );
      return 0;
    } finally {
      await db.close();
    }
  },
};
