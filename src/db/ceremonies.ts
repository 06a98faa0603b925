import type { Prisma, PrismaClient } from './generated/client.js';
import type { RetroContent } from '../domain/retroParser.js';
import type { ChaosDrillRecord } from '../domain/rituals/chaosDrill.js';
import type { RetroActionRecord, RetroRecord } from '../domain/rituals/retro.js';
import type { SprintRef } from '../domain/calendar.js';

type RetroPart = { ts: string; text: string };

/** The Sprint row of a sprint of the chain, created on first use. */
export async function ensureSprint(tx: Prisma.TransactionClient | PrismaClient, s: SprintRef, at: Date): Promise<number> {
  const row = await tx.sprint.upsert({
    where: { number: s.number },
    create: { number: s.number, startDate: s.startDate, endDate: s.endDate, createdAt: at },
    update: {},
  });
  return row.id;
}

/** Chaos drills, retros and their actions: the ceremonies that are not daily. */
export class CeremonyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  ensureSprint(s: SprintRef, at: Date): Promise<number> {
    return ensureSprint(this.prisma, s, at);
  }

  async drill(o: {
    sprint: SprintRef;
    week: number;
    date: string;
    streamKey: string;
    ownerKey: string;
    at: Date;
  }): Promise<ChaosDrillRecord> {
    const sprintId = await ensureSprint(this.prisma, o.sprint, o.at);
    const stream = await this.prisma.stream.findUniqueOrThrow({ where: { key: o.streamKey } });
    await this.prisma.chaosDrill.createMany({
      data: [{ sprintId, week: o.week, date: o.date, streamId: stream.id, ownerKey: o.ownerKey }],
      skipDuplicates: true,
    });
    return (await this.drillOfWeek(o.week)) as ChaosDrillRecord;
  }

  async drillOfWeek(week: number): Promise<ChaosDrillRecord | null> {
    const r = await this.prisma.chaosDrill.findUnique({ where: { week }, include: { stream: { select: { key: true } } } });
    return r === null
      ? null
      : {
          id: r.id,
          week: r.week,
          date: r.date,
          streamKey: r.stream.key,
          ownerKey: r.ownerKey,
          outcome: r.outcome,
          findings: r.findings,
          followUps: r.followUps,
          reportedBy: r.reportedBy,
          reportedAt: r.reportedAt,
        };
  }

  async reportDrill(week: number, o: { outcome: string; findings: string; followUps: string; by: string; at: Date }): Promise<void> {
    await this.prisma.chaosDrill.update({
      where: { week },
      data: { outcome: o.outcome, findings: o.findings, followUps: o.followUps, reportedBy: o.by, reportedAt: o.at },
    });
  }

  async openRetro(o: { sprint: SprintRef; date: string; channelId: string; at: Date }): Promise<RetroRecord> {
    await ensureSprint(this.prisma, o.sprint, o.at);
    await this.prisma.retro.createMany({
      data: [{ sprintNumber: o.sprint.number, date: o.date, channelId: o.channelId, createdAt: o.at }],
      skipDuplicates: true,
    });
    return this.prisma.retro.findUniqueOrThrow({ where: { sprintNumber: o.sprint.number } });
  }

  async setRetroThread(id: number, ts: string): Promise<void> {
    await this.prisma.retro.update({ where: { id }, data: { threadTs: ts } });
  }

  retroByThread(channelId: string, threadTs: string): Promise<RetroRecord | null> {
    return this.prisma.retro.findFirst({ where: { channelId, threadTs } });
  }

  retroOfSprint(sprintNumber: number): Promise<RetroRecord | null> {
    return this.prisma.retro.findUnique({ where: { sprintNumber } });
  }

  async closeRetro(id: number, at: Date): Promise<void> {
    await this.prisma.retro.update({ where: { id }, data: { closedAt: at } });
  }

  /**
   * Adds or replaces (an edit) one thread message of a person's retro answer, recomputes the
   * answer with `fold`, and records its action items (once each).
   */
  async saveRetroAnswer(o: {
    retroId: number;
    slackUserId: string;
    ts: string;
    text: string;
    at: Date;
    fold: (texts: string[]) => RetroContent;
  }): Promise<RetroContent> {
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.retroAnswer.findUnique({
        where: { retroId_slackUserId: { retroId: o.retroId, slackUserId: o.slackUserId } },
      });
      const parts = (existing?.parts as unknown as RetroPart[] | undefined) ?? [];
      const next = parts.some((p) => p.ts === o.ts)
        ? parts.map((p) => (p.ts === o.ts ? { ts: o.ts, text: o.text } : p))
        : [...parts, { ts: o.ts, text: o.text }];
      const content = o.fold(next.map((p) => p.text));
      const json = { parts: next as unknown as Prisma.InputJsonValue, content: content as unknown as Prisma.InputJsonValue };
      if (existing === null)
        await tx.retroAnswer.create({
          data: { retroId: o.retroId, slackUserId: o.slackUserId, ...json, createdAt: o.at, updatedAt: o.at },
        });
      else await tx.retroAnswer.update({ where: { id: existing.id }, data: { ...json, updatedAt: o.at } });
      await tx.retroAction.createMany({
        data: content.actions.map((a) => ({
          retroId: o.retroId,
          text: a.text,
          ownerSlackId: a.ownerSlackId ?? o.slackUserId,
          createdAt: o.at,
        })),
        skipDuplicates: true,
      });
      return content;
    });
  }

  async retroAnswers(retroId: number): Promise<{ slackUserId: string; content: RetroContent }[]> {
    const rows = await this.prisma.retroAnswer.findMany({ where: { retroId }, orderBy: { createdAt: 'asc' } });
    return rows.map((r) => ({ slackUserId: r.slackUserId, content: r.content as unknown as RetroContent }));
  }

  /** Action items not done yet, from every retro so far, oldest first. */
  async openActions(): Promise<RetroActionRecord[]> {
    const rows = await this.prisma.retroAction.findMany({
      where: { doneAt: null },
      include: { retro: { select: { sprintNumber: true } } },
      orderBy: { id: 'asc' },
    });
    return rows.map((r) => ({
      id: r.id,
      sprintNumber: r.retro.sprintNumber,
      text: r.text,
      ownerSlackId: r.ownerSlackId,
      doneAt: r.doneAt,
    }));
  }
}
