import { z } from 'zod';
import { SystemClock } from '../clock.js';
import { findConfigFile, loadConfig } from '../config/load.js';
import { isoDate } from '../config/schema.js';
import { configOption, currentSprint, reportOptionProblems, stringOption, type CliCommand } from './command.js';

const ExportOptions = z.object({
  from: isoDate,
  to: isoDate,
  stream: z.string().optional(),
  format: z.enum(['csv', 'json'], { message: 'expected csv or json' }),
});

const WHAT = 'paceline: export takes one thing to export: `paceline export standups --from DATE --to DATE`';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: [
    'export standups [--from DATE] [--to DATE] [--stream KEY] [--format csv|json]',
    'the stand-up history, one row per answer\n(default: the current sprint)',
  ],
  options: { ...configOption, from: { type: 'string' }, to: { type: 'string' }, stream: { type: 'string' }, format: { type: 'string' } },
  positionals: { max: 1, tooMany: () => WHAT.slice('paceline: '.length) },
  async run({ values, positionals, env, cwd, io }) {
    if (positionals[0] !== 'standups') {
      io.err(WHAT);
      return 2;
    }
    const given = { from: stringOption(values, 'from'), to: stringOption(values, 'to'), stream: stringOption(values, 'stream') };
    // The config is needed only to default the range to the current sprint or to check a stream.
    const needsConfig = given.from === undefined || given.to === undefined || given.stream !== undefined;
    const config = needsConfig ? loadConfig(findConfigFile(stringOption(values, 'config'), env.PACELINE_CONFIG, cwd)).config : undefined;
    const sprint = config === undefined ? undefined : currentSprint(config);
    const options = ExportOptions.safeParse({
      from: given.from ?? sprint?.startDate,
      to: given.to ?? sprint?.endDate,
      stream: given.stream,
      format: stringOption(values, 'format') ?? 'csv',
    });
    if (!options.success) return reportOptionProblems(io, 'export', options.error.issues);
    const { from, to, stream, format } = options.data;
    if (config !== undefined && stream !== undefined && !config.streams.some((s) => s.key === stream)) {
      io.err(`paceline: export --stream: no stream "${stream}" (expected one of ${config.streams.map((s) => s.key).join(', ')})`);
      return 2;
    }
    if (to < from) {
      io.err(`paceline: export --to ${to} is before --from ${from}`);
      return 2;
    }
    // The database is loaded once the options are known to be good.
    const [{ createRepositories, migrate, openDatabase }, { exportRows, toCsv }] = await Promise.all([
      import('../db/index.js'),
      import('../services/export.js'),
    ]);
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.PACELINE_DATA_DIR });
    try {
      const clock = new SystemClock();
      await migrate(db, () => clock.now());
      const rows = exportRows(await createRepositories(db).standups.answersBetween(from, to, stream));
      io.out(format === 'json' ? JSON.stringify(rows, null, 2) : toCsv(rows).trimEnd());
      return 0;
    } finally {
      await db.close();
    }
  },
};
