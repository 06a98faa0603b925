import { z } from 'zod';
import { findConfigFile, loadConfig } from '../config/load.js';
import { isoDate } from '../config/schema.js';
import { formatPlanText, planPosts } from '../domain/plan.js';
import { configOption, currentSprint, reportOptionProblems, stringOption, type CliCommand } from './command.js';

const PlanOptions = z.object({
  from: isoDate,
  days: z.coerce
    .number({ message: 'expected a number of days' })
    .int('expected a whole number of days')
    .min(1, 'expected at least 1 day')
    .max(366, 'expected at most 366 days'),
  format: z.enum(['text', 'json'], { message: 'expected text or json' }),
});

export const planCommand: CliCommand = {
  name: 'plan',
  usage: [
    'plan [--from DATE] [--days N] [--format text|json]',
    'every post Paceline will make, from the config alone\n(default: the sprint that contains today)',
  ],
  options: { ...configOption, from: { type: 'string' }, days: { type: 'string' }, format: { type: 'string' } },
  positionals: { max: 0, tooMany: (given) => `plan takes no arguments, got "${given.join(' ')}"` },
  run({ values, env, cwd, io }) {
    const { config } = loadConfig(findConfigFile(stringOption(values, 'config'), env.PACELINE_CONFIG, cwd));
    const options = PlanOptions.safeParse({
      // The sprint that contains today (or the first one, before it starts).
      from: stringOption(values, 'from') ?? currentSprint(config).startDate,
      days: stringOption(values, 'days') ?? String(config.sprint.lengthDays),
      format: stringOption(values, 'format') ?? 'text',
    });
    if (!options.success) return Promise.resolve(reportOptionProblems(io, 'plan', options.error.issues));
    const { from, days, format } = options.data;
    const posts = planPosts(config, from, days);
    io.out(format === 'json' ? JSON.stringify(posts, null, 2) : formatPlanText(config, from, days, posts));
    return Promise.resolve(0);
  },
};
