import { describeDate } from '../domain/calendar.js';
import { mergeRetro, parseRetro } from '../domain/retroParser.js';
import { channelId } from '../domain/directory.js';
import { tsOf } from './ports.js';
import { CeremonyService, sprintRef } from './ceremonies.js';

/** Day 14: the retro and planning thread, its replies, and the summary with action owners. */
export class RetroService extends CeremonyService {
  /** Day 14: the retro and planning thread in the cross-stream channel. */
  async retro(date: string): Promise<string> {
    const p = this.position(date);
    const channel = channelId(this.deps.directory, this.deps.config.channels.crossStream);
    const retro = await this.deps.repos.ceremonies.openRetro({ sprint: sprintRef(p), date, channelId: channel, at: this.deps.clock.now() });
    const text = `Sprint ${p.sprintNumber} retrospective and planning (${describeDate(p.startDate)} → ${describeDate(p.endDate)}). Reply in this thread.`;
    const posted = await this.deps.poster.postOnce(
      `retro:${p.sprintNumber}`,
      channel,
      this.deps.present.retro({ sprintNumber: p.sprintNumber, text, summaryAt: this.deps.config.ceremonies.retroSummaryAt }),
    );
    const ts = tsOf(posted, `retro:${p.sprintNumber}`);
    if (retro.threadTs !== ts) await this.deps.repos.ceremonies.setRetroThread(retro.id, ts);
    return `retro thread for sprint ${p.sprintNumber}`;
  }

  /** A reply in a retro thread; 'not-a-retro' when the thread is something else. */
  async retroReply(o: {
    channel: string;
    threadTs: string;
    ts: string;
    user: string;
    text: string;
  }): Promise<'not-a-retro' | 'closed' | 'saved'> {
    const retro = await this.deps.repos.ceremonies.retroByThread(o.channel, o.threadTs);
    if (retro === null) return 'not-a-retro';
    if (retro.closedAt !== null) return 'closed';
    await this.deps.repos.ceremonies.saveRetroAnswer({
      retroId: retro.id,
      slackUserId: o.user,
      ts: o.ts,
      text: o.text,
      at: this.deps.clock.now(),
      fold: (texts) => mergeRetro(texts.map(parseRetro)),
    });
    return 'saved';
  }

  async retroSummary(date: string): Promise<string> {
    const p = this.position(date);
    const retro = await this.deps.repos.ceremonies.retroOfSprint(p.sprintNumber);
    if (retro === null) return 'no retro thread was opened';
    // As for stand-ups, the thread in Slack is the truth: replies whose event was lost count too.
    if (retro.threadTs !== null && retro.closedAt === null) {
      for await (const m of this.deps.poster.readThread(retro.channelId, retro.threadTs)) {
        await this.retroReply({ channel: retro.channelId, threadTs: retro.threadTs, ts: m.ts, user: m.user, text: m.text });
      }
    }
    const answers = await this.deps.repos.ceremonies.retroAnswers(retro.id);
    const all = mergeRetro(answers.map((a) => a.content));
    const actions = (await this.deps.repos.ceremonies.openActions()).filter((a) => a.sprintNumber === p.sprintNumber);
    await this.deps.poster.postOnce(
      `retro-summary:${p.sprintNumber}`,
      retro.channelId,
      this.deps.present.retroSummary({
        sprintNumber: p.sprintNumber,
        answers: answers.length,
        wentWell: all.wentWell,
        didnt: all.didnt,
        actions,
      }),
    );
    await this.deps.repos.ceremonies.closeRetro(retro.id, this.deps.clock.now());
    return `${answers.length} answers, ${actions.length} actions`;
  }
}
