import { z } from 'zod';

export const isoDate = z
  .string({ message: 'expected a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date written YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'is not a calendar date',
  });

const clockTime = z
  .string({ message: 'expected a 24-hour time written "HH:MM" (quote it in YAML)' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time written "HH:MM", e.g. "09:00"');

const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], {
  message: 'expected a weekday: mon, tue, wed, thu, fri, sat or sun',
});

const key = z
  .string({ message: 'expected a key (lower-case letters, digits and dashes)' })
  .regex(/^[a-z][a-z0-9-]*$/, 'expected a key of lower-case letters, digits and dashes, starting with a letter');

/** A channel: a Slack id (C…, G…) or a #name that is resolved through the Web API. */
export const channelRef = z
  .string({ message: 'expected a channel: a Slack channel id (C0123ABCD) or a #name' })
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{2,})$/, 'expected a channel: a Slack channel id (C0123ABCD) or a #name in lower case');

/** A person: a Slack user id (U…, W…), an @handle or an email, resolved through the Web API. */
export const personRef = z
  .string({ message: 'expected a Slack user id (U0123ABCD), an @handle or an email' })
  .regex(/^(@[\w.-]+|[UW][A-Z0-9]{2,}|[^@\s]+@[^@\s]+\.[^@\s]+)$/, 'expected a Slack user id (U0123ABCD), an @handle or an email');

/** Durations in the escalation policy: "0h", "4h", "90m", "1h30m". */
const duration = z
  .string({ message: 'expected a duration such as "0h", "4h", "90m" or "1h30m"' })
  .regex(/^(?=\d)(\d+h)?(\d+m)?$/, 'expected a duration such as "0h", "4h", "90m" or "1h30m"')
  .transform((s) => {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(s);
    return (Number(m?.[1] ?? 0) * 60 + Number(m?.[2] ?? 0)) * 60_000;
  });

const channelKey = z.enum(['crossStream', 'escalation', 'exec', 'tiger', 'changelog'], {
  message: 'expected a key of `channels`: crossStream, escalation, exec, tiger or changelog',
});

const oooRange = z.strictObject({ from: isoDate, to: isoDate, note: z.string().optional() });

export const PersonSchema = z.strictObject({
  key,
  name: z.string({ message: 'expected the name people know them by' }).min(1),
  slack: personRef,
  timezone: z.string().optional(),
  ooo: z.array(oooRange).default([]),
  /** Their Linear account's email, so assignees are people. */
  linear: z.email({ message: 'expected the email of their Linear account' }).optional(),
  /** Their GitHub login, so authors and reviewers are people. */
  github: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'expected a GitHub login, e.g. octocat')
    .optional(),
});

/** Where work comes from. Linear: which team is which stream; how cross-stream work is labelled. */
const TrackerSchema = z.strictObject({
  linear: z
    .strictObject({
      // A Linear team key → the stream whose work it holds.
      // Keys are checked in references.ts, where the message can name the key (zod says only "Invalid key").
      teams: z.record(z.string(), key),
      crossStreamLabel: z.string().min(1).default('cross-stream'),
    })
    .optional(),
  // GitHub: which repository is which stream's, and which repositories' merged work is public.
  github: z
    .strictObject({
      // "owner/name" → stream (checked in references.ts, where the message can name the repository).
      repositories: z.record(z.string(), key),
      // Repositories whose merged work appears on the public changelog page and feeds.
      public: z.array(z.string()).default([]),
      // The workflow whose runs are the nightly staging smoke (its name as GitHub shows it).
      smokeWorkflow: z.string().min(1).optional(),
    })
    .optional(),
});

export const StreamSchema = z.strictObject({
  key,
  name: z.string({ message: 'expected the stream name, e.g. Governance Core' }).min(1),
  sprintLabel: z.string({ message: 'expected the label of the stream\'s sprint, e.g. "Sprint 2"' }).min(1),
  channel: channelRef,
  lead: key,
  // The stream's slot on demo day, shown in the agenda.
  demoSlot: clockTime.optional(),
  crews: z.array(z.string().min(1)).default([]),
  partners: z.array(z.string().min(1)).default([]),
  qa: key.optional(),
  devrel: key.optional(),
  members: z.array(key, { message: 'expected a list of people keys' }).min(1, 'a stream needs at least one member'),
});

export const EscalationTarget = z.enum(['tiger-crew', 'stream-leads', 'escalation-channel', 'exec-channel', 'owner', 'admins'], {
  message: 'expected one of tiger-crew, stream-leads, escalation-channel, exec-channel, owner, admins',
});

export const ConfigSchema = z.strictObject({
  timezone: z.string({ message: 'expected an IANA time zone, e.g. America/Los_Angeles' }),
  workingDays: z.array(weekday).min(1, 'at least one working day').default(['mon', 'tue', 'wed', 'thu', 'fri']),
  holidays: z.array(isoDate).default([]),
  sprint: z.strictObject({
    start: isoDate,
    lengthDays: z.number({ message: 'expected a number of days' }).int().min(1).max(90),
    demoDay: z.number({ message: 'expected a sprint day number' }).int().min(1),
    retroDay: z.number({ message: 'expected a sprint day number' }).int().min(1),
    ceremonyOnNonWorkingDay: z
      .enum(['previous-working-day', 'next-working-day', 'keep'], {
        message: 'expected previous-working-day, next-working-day or keep',
      })
      .default('previous-working-day'),
    next: z.enum(['consecutive', 'none'], { message: 'expected consecutive or none' }).default('consecutive'),
  }),
  channels: z.strictObject({
    crossStream: channelRef,
    escalation: channelRef,
    exec: channelRef,
    tiger: channelRef,
    changelog: channelRef,
  }),
  people: z.array(PersonSchema).min(1, 'at least one person'),
  streams: z.array(StreamSchema).min(1, 'at least one stream'),
  standup: z.strictObject({
    time: clockTime,
    durationMinutes: z.number().int().min(1).max(240),
    reminderAfterMinutes: z.number().int().min(1).max(240),
    // Answers are taken until then (the end of the working day); the summary stops updating.
    closeAt: clockTime.default('18:00'),
    summaryChannel: channelKey.default('crossStream'),
  }),
  escalation: z.strictObject({
    ackStopsCurrentLevel: z.boolean({ message: 'expected true or false' }).default(true),
    levels: z
      .array(
        z.strictObject({
          level: z.number().int().min(0),
          after: duration,
          tags: z.array(z.string().min(1)).default([]),
          notify: z.array(EscalationTarget).min(1, 'a level must notify someone'),
        }),
      )
      .min(1, 'at least one escalation level'),
  }),
  tigerCrew: z.strictObject({
    pool: z.array(key).min(1, 'the Tiger Crew pool needs at least one person'),
    size: z.number().int().min(1),
    announceAt: clockTime.default('08:55'),
    channel: channelKey.default('tiger'),
    userGroup: z
      .string()
      .regex(/^S[A-Z0-9]{2,}$/, 'expected a Slack user group id (S0123ABCD)')
      .optional(),
  }),
  chaosDrill: z.strictObject({
    order: z.array(key).min(1, 'at least one stream in the chaos drill order'),
    day: weekday.default('mon'),
    time: clockTime.default('09:30'),
    reportReminderDay: weekday.default('fri'),
    checklist: z.array(z.string().min(1)).default([]),
  }),
  digest: z.strictObject({
    day: weekday.default('mon'),
    time: clockTime.default('08:00'),
    channel: channelKey.default('exec'),
    // A stream is on track at this probability of finishing in time or more, at risk at atRisk or more.
    onTrack: z.number().gt(0).max(1).default(0.85),
    atRisk: z.number().gt(0).max(1).default(0.5),
    // How much past throughput the forecast resamples, and how many earlier sprints velocity shows.
    historyDays: z.number().int().min(5).max(260).default(30),
    historySprints: z.number().int().min(0).max(12).default(3),
  }),
  ceremonies: z
    .strictObject({
      demoPrepAt: clockTime.default('15:00'),
      demoAgendaAt: clockTime.default('08:30'),
      retroAt: clockTime.default('10:00'),
      retroSummaryAt: clockTime.default('17:00'),
      kickoffAt: clockTime.default('08:45'),
    })
    .default({ demoPrepAt: '15:00', demoAgendaAt: '08:30', retroAt: '10:00', retroSummaryAt: '17:00', kickoffAt: '08:45' }),
  changelog: z
    .strictObject({
      channel: channelKey.default('changelog'),
      publicPath: z
        .string()
        .regex(/^\/[\w/-]*$/, 'expected a URL path such as /changelog')
        .default('/changelog'),
      // Where people reach Paceline from outside (https://status.example.com), for the feeds'
      // absolute links; without it they are built from the request's Host.
      publicUrl: z.url({ message: 'expected the public base URL, e.g. https://paceline.example.com' }).optional(),
    })
    .default({ channel: 'changelog', publicPath: '/changelog' }),
  tracker: TrackerSchema.default({}),
  // A cross-cutting pull request with no approving review from another stream after this long
  // gets one nudge in its stream channel.
  review: z.strictObject({ crossStreamAfter: duration.default(4 * 3600_000) }).default({ crossStreamAfter: 4 * 3600_000 }),
  admins: z.array(key).default([]),
  scheduler: z
    .strictObject({
      // At boot, slots missed within this window are run late (if still useful) or skipped.
      catchUpWindow: duration.default(6 * 3600_000),
    })
    .default({ catchUpWindow: 6 * 3600_000 }),
});

export type Config = z.infer<typeof ConfigSchema>;
export type Person = Config['people'][number];
export type StreamConfig = Config['streams'][number];
export type ChannelKey = z.infer<typeof channelKey>;
export type Weekday = z.infer<typeof weekday>;
