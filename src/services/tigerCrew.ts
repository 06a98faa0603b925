import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { Stores } from './stores.js';
import { addDays, describeDate, isWorkingDay, localDate, sprintPositionOfDate } from '../domain/calendar.js';
import { ok, refuse, type Refusal, type Result } from '../domain/result.js';
import { availableWith, tigerCrews } from '../domain/plan.js';
import type { Logger } from '../observability/logger.js';
import { channelId, personKey, type Directory } from '../domain/directory.js';
import type { Messenger, Presenters, Workspace } from './ports.js';

export interface TigerCrewDeps {
  config: Config;
  repos: Pick<Stores, 'rotations' | 'ooo'>;
  clock: Clock;
  directory: Directory;
  poster: Messenger;
  present: Presenters;
  workspace: Workspace;
  logger: Logger;
}

export class TigerCrewService {
  constructor(private readonly deps: TigerCrewDeps) {}

  /**
   * The crew of a day: as stored when it was decided, else computed from the stored history
   * (exactly what `paceline plan` predicts when nothing was swapped) and stored, so that later
   * config changes never rewrite a day people were told about.
   */
  /** Slack ids of today's crew; none on a day off (the pages of blockers and smoke failures name them). */
  async crewSlackIdsToday(): Promise<string[]> {
    const today = this.today();
    if (!isWorkingDay(this.deps.config, today)) return [];
    const crew = await this.crewFor(today);
    return crew.map((k) => this.deps.directory.people.get(k)).filter((id): id is string => id !== undefined);
  }

  async crewFor(date: string): Promise<string[]> {
    // Most calls ask for a day already decided (today, after 08:55): one small query.
    const day = await this.deps.repos.rotations.day(date);
    if (day !== null) return day.members.map((m) => m.key);
    const stored = await this.deps.repos.rotations.daysUntil(date);
    const decided = new Map(stored.map((d) => [d.date, d.members.map((m) => m.key)]));
    const known = decided.get(date);
    if (known !== undefined) return known;
    const crew = tigerCrews(this.deps.config, date, decided, await this.availability()).get(date) ?? [];
    const saved = await this.deps.repos.rotations.storeIfAbsent(date, crew, this.deps.clock.now());
    return saved.members.map((m) => m.key);
  }

  /** Who is available on a date: not in an OOO range of the config or one told with /tiger ooo. */
  async availability(): Promise<(key: string, date: string) => boolean> {
    return availableWith(this.deps.config, await this.deps.repos.ooo.all());
  }

  /** The crews of the next `count` working days from `from`: stored where decided, else as planned now. */
  async upcoming(from: string, count: number): Promise<{ date: string; crew: string[]; stored: boolean }[]> {
    const out: { date: string; crew: string[]; stored: boolean }[] = [];
    let until = from;
    for (let i = 0; out.length < count && i < 60; i++, until = addDays(from, i))
      if (isWorkingDay(this.deps.config, until)) out.push({ date: until, crew: [], stored: false });
    const last = out.at(-1)?.date ?? from;
    const stored = await this.deps.repos.rotations.daysUntil(last);
    const decided = new Map(stored.map((d) => [d.date, d.members.map((m) => m.key)]));
    const crews = tigerCrews(this.deps.config, last, decided, await this.availability());
    return out.map((d) => ({ date: d.date, crew: crews.get(d.date) ?? [], stored: decided.has(d.date) }));
  }

  private message(date: string, crew: string[]) {
    return this.deps.present.tigerCrew({
      date: describeDate(date),
      crew: crew.map((k) => {
        const slackId = this.deps.directory.people.get(k);
        return slackId === undefined ? { name: this.deps.config.people.find((p) => p.key === k)?.name ?? k } : { slackId };
      }),
    });
  }

  private async syncUserGroup(crew: string[]): Promise<string> {
    const userGroup = this.deps.config.tigerCrew.userGroup;
    if (userGroup === undefined || crew.length === 0) return '';
    const users = crew.map((k) => this.deps.directory.people.get(k)).filter((u): u is string => u !== undefined);
    try {
      await this.deps.workspace.setUserGroup(userGroup, users);
      return '';
    } catch (err) {
      // The announcement is what matters; a user group that cannot be updated is reported, not fatal.
      this.deps.logger.warn({ err, userGroup }, 'could not update the Tiger Crew user group');
      return `; user group ${userGroup} not updated: ${(err as Error).message}`;
    }
  }

  /** The 08:55 announcement in the Tiger channel (and the user group, when configured). */
  async announce(date: string): Promise<string> {
    const { config, directory, poster } = this.deps;
    const crew = await this.crewFor(date);
    await poster.postOnce(`tiger-crew:${date}`, channelId(directory, config.channels[config.tigerCrew.channel]), this.message(date, crew));
    return `crew ${crew.join(', ')}${await this.syncUserGroup(crew)}`;
  }

  private keyOf(slackId: string): string | undefined {
    return personKey(this.deps.directory, slackId);
  }

  private name(key: string): string {
    return this.deps.config.people.find((p) => p.key === key)?.name ?? key;
  }

  private today(): string {
    return localDate(this.deps.clock.now(), this.deps.config.timezone);
  }

  /** Why a date cannot take a change, or null. */
  /** Why a date can have no shift changes, or null. */
  private dateRefusal(date: string): { ok: false; refusal: Refusal } | null {
    if (date < this.today()) return refuse('conflict', `${describeDate(date)} is in the past.`);
    if (sprintPositionOfDate(this.deps.config, date) === null)
      return refuse('conflict', `${describeDate(date)} is outside any sprint (sprints start ${this.deps.config.sprint.start}).`);
    if (!isWorkingDay(this.deps.config, date))
      return refuse('conflict', `${describeDate(date)} is not a working day, so there is no Tiger Crew.`);
    return null;
  }

  async show(): Promise<string> {
    const days = await this.upcoming(this.today(), 5);
    const lines = days.map(
      (d) =>
        `• ${describeDate(d.date)}${d.date === this.today() ? ' (today)' : ''}: ${d.crew.map((k) => this.name(k)).join(', ') || 'nobody available'}`,
    );
    return `*Tiger Crew*\n${lines.join('\n')}\nChange it: \`/tiger swap @from @to <date>\`, \`/tiger cover @who <date>\`, \`/tiger ooo <from> <to>\``;
  }

  private isAdmin(slackId: string): boolean {
    const key = this.keyOf(slackId);
    return key !== undefined && this.deps.config.admins.includes(key);
  }

  /**
   * After a change (called once the command is acknowledged, and by every tick for today as the
   * recovery of a change whose update a crash or a Slack outage kept from happening): the day's
   * announcement, if posted, shows the crew that is stored.
   */
  async refreshAnnouncement(date: string, known?: string[]): Promise<void> {
    const crew = known ?? (await this.crewFor(date));
    if (await this.deps.poster.updateIfChanged(`tiger-crew:${date}`, this.message(date, crew))) await this.syncUserGroup(crew);
  }

  /** The every-tick recovery: today's announcement says today's stored crew (read once a tick). */
  async keepTodayCurrent(): Promise<void> {
    const today = this.today();
    const day = await this.deps.repos.rotations.day(today);
    if (day === null) return;
    await this.refreshAnnouncement(
      today,
      day.members.map((m) => m.key),
    );
  }

  async swap(o: { from: string; to: string; date: string; actor: string }): Promise<Result<string>> {
    const fromKey = this.keyOf(o.from);
    const toKey = this.keyOf(o.to);
    if (fromKey === undefined) return refuse('not-found', `<@${o.from}> is not in Paceline's config.`);
    if (toKey === undefined) return refuse('not-found', `<@${o.to}> is not in Paceline's config.`);
    if (o.actor !== o.from && o.actor !== o.to && !this.isAdmin(o.actor))
      return refuse('not-allowed', 'Only the two people swapping, or an admin, can swap a shift.');
    const refused = this.dateRefusal(o.date);
    if (refused !== null) return refused;
    if (!(await this.availability())(toKey, o.date)) return refuse('conflict', `${this.name(toKey)} is out on ${describeDate(o.date)}.`);
    const crew = await this.crewFor(o.date);
    if (!crew.includes(fromKey))
      return refuse(
        'conflict',
        `${this.name(fromKey)} is not on the Tiger Crew on ${describeDate(o.date)} (${crew.map((k) => this.name(k)).join(', ')}).`,
      );
    if (crew.includes(toKey)) return refuse('conflict', `${this.name(toKey)} is already on the Tiger Crew on ${describeDate(o.date)}.`);
    await this.deps.repos.rotations.change({
      date: o.date,
      remove: fromKey,
      add: toKey,
      source: 'swap',
      note: `from ${fromKey}, by ${this.keyOf(o.actor) ?? o.actor}`,
      at: this.deps.clock.now(),
    });
    return ok(`${this.name(toKey)} takes ${this.name(fromKey)}'s Tiger Crew shift on ${describeDate(o.date)}.`);
  }

  async cover(o: { who: string; date: string; actor: string }): Promise<Result<string>> {
    const key = this.keyOf(o.who);
    if (key === undefined) return refuse('not-found', `<@${o.who}> is not in Paceline's config.`);
    if (o.actor !== o.who && !this.isAdmin(o.actor))
      return refuse('not-allowed', 'You can cover a shift yourself (`/tiger cover @me <date>`); an admin can sign up someone else.');
    const refused = this.dateRefusal(o.date);
    if (refused !== null) return refused;
    if (!(await this.availability())(key, o.date)) return refuse('conflict', `${this.name(key)} is out on ${describeDate(o.date)}.`);
    const crew = await this.crewFor(o.date);
    if (crew.includes(key)) return refuse('conflict', `${this.name(key)} is already on the Tiger Crew on ${describeDate(o.date)}.`);
    await this.deps.repos.rotations.change({
      date: o.date,
      remove: null,
      add: key,
      source: 'cover',
      note: `by ${this.keyOf(o.actor) ?? o.actor}`,
      at: this.deps.clock.now(),
    });
    return ok(`${this.name(key)} joins the Tiger Crew on ${describeDate(o.date)}.`);
  }

  async ooo(o: { from: string; to: string; actor: string }): Promise<Result<string>> {
    const key = this.keyOf(o.actor);
    if (key === undefined) return refuse('not-found', "You are not in Paceline's config, so you have no shifts.");
    if (o.to < this.today()) return refuse('conflict', `${describeDate(o.to)} is in the past.`);
    await this.deps.repos.ooo.add(key, o.from, o.to);
    // Days already decided keep their crew: say which ones still need a swap.
    const stored = await this.deps.repos.rotations.daysUntil(o.to);
    const still = stored
      .filter((d) => d.date >= o.from && d.date >= this.today() && d.members.some((m) => m.key === key))
      .map((d) => d.date);
    const note =
      still.length === 0
        ? ''
        : ` You are still on the announced crew on ${still.map(describeDate).join(', ')}: swap those with \`/tiger swap @you @someone <date>\`.`;
    return ok(
      `Noted: out ${describeDate(o.from)} → ${describeDate(o.to)}. No new Tiger Crew shifts for you then; stand-up reminders skip you.${note}`,
    );
  }
}
