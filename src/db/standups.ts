import { Prisma, type PrismaClient } from './generated/client.js';
import { Coalescer } from './coalesce.js';
import type { AnswerPart } from '../domain/standupAnswer.js';
import type { StandupContent } from '../domain/standupParser.js';
import { ensureSprint } from './ceremonies.js';
import type { StandupAnswerRecord, StandupRunRecord } from '../domain/standupAnswer.js';

const runInclude = { stream: { select: { key: true } }, sprint: { select: { number: true } } } as const;
type RunRow = Prisma.StandupRunGetPayload<{ include: typeof runInclude }>;

function toRun(r: RunRow): StandupRunRecord {
  return { id: r.id, streamKey: r.stream.key, date: r.date, channelId: r.channelId, promptTs: r.promptTs, sprintNumber: r.sprint.number };
}

const answerInclude = {
  member: { select: { key: true, slackUserId: true } },
  run: { select: { date: true, stream: { select: { key: true } } } },
} as const;
type AnswerRow = Prisma.StandupAnswerGetPayload<{ include: typeof answerInclude }>;

function toAnswer(a: AnswerRow): StandupAnswerRecord {
  return {
    id: a.id,
    runId: a.runId,
    streamKey: a.run.stream.key,
    date: a.run.date,
    memberKey: a.member.key,
    memberSlackId: a.member.slackUserId,
    content: a.content as unknown as StandupContent,
    parts: a.parts as unknown as AnswerPart[],
    edits: a.edits as unknown as StandupAnswerRecord['edits'],
    source: a.source,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export class StandupRepository {
  // The fifty prompts of 09:00 record their ts at about the same moment: a few UPDATEs for all.
  private readonly prompts = new Coalescer<{ runId: number; ts: string }, boolean>(async (items) => {
    const values = Prisma.join(items.map((i) => Prisma.sql`(${i.runId}::int, ${i.ts}::text)`));
    const rows = await this.prisma.$queryRaw<{ id: number }[]>`
      UPDATE "StandupRun" AS r SET "promptTs" = v.ts FROM (VALUES ${values}) AS v(id, ts) WHERE r."id" = v.id RETURNING r."id"`;
    const done = new Set(rows.map((r) => r.id));
    return items.map((i) => done.has(i.runId));
  });

  constructor(private readonly prisma: PrismaClient) {}

  /**
   * The day's run of each stream given, made if missing (a rerun finds the same rows): a fixed
   * number of queries for any number of streams, since fifty one by one held up 09:00.
   */
  async openRuns(o: {
    streams: { streamKey: string; channelId: string }[];
    date: string;
    sprint: { number: number; startDate: string; endDate: string };
    at: Date;
  }): Promise<StandupRunRecord[]> {
    const sprintId = await ensureSprint(this.prisma, o.sprint, o.at);
    const keys = o.streams.map((s) => s.streamKey);
    const ids = new Map((await this.prisma.stream.findMany({ where: { key: { in: keys } } })).map((s) => [s.key, s.id]));
    const idOf = (key: string) => {
      const id = ids.get(key);
      if (id === undefined) throw new Error(`stream ${key} is not in the database`);
      return id;
    };
    await this.prisma.standupRun.createMany({
      data: o.streams.map((s) => ({ sprintId, streamId: idOf(s.streamKey), date: o.date, channelId: s.channelId, createdAt: o.at })),
      skipDuplicates: true,
    });
    const rows = await this.prisma.standupRun.findMany({
      where: { date: o.date, streamId: { in: keys.map(idOf) } },
      include: runInclude,
    });
    const byKey = new Map(rows.map((r) => [r.stream.key, toRun(r)]));
    return keys.map((k) => byKey.get(k) as StandupRunRecord);
  }

  async setPromptTs(runId: number, ts: string): Promise<void> {
    if (!(await this.prompts.add({ runId, ts }))) throw new Error(`no stand-up run ${runId} to record its prompt in`);
  }

  async runById(id: number): Promise<StandupRunRecord | null> {
    const r = await this.prisma.standupRun.findUnique({ where: { id }, include: runInclude });
    return r === null ? null : toRun(r);
  }

  async runByPrompt(channelId: string, promptTs: string): Promise<StandupRunRecord | null> {
    const r = await this.prisma.standupRun.findFirst({ where: { channelId, promptTs }, include: runInclude });
    return r === null ? null : toRun(r);
  }

  async runsOn(date: string): Promise<StandupRunRecord[]> {
    const rows = await this.prisma.standupRun.findMany({ where: { date }, include: runInclude, orderBy: { id: 'asc' } });
    return rows.map(toRun);
  }

  async answersOn(date: string): Promise<StandupAnswerRecord[]> {
    const rows = await this.prisma.standupAnswer.findMany({
      where: { run: { date } },
      include: answerInclude,
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toAnswer);
  }

  async answer(runId: number, memberKey: string): Promise<StandupAnswerRecord | null> {
    const row = await this.prisma.standupAnswer.findFirst({ where: { runId, member: { key: memberKey } }, include: answerInclude });
    return row === null ? null : toAnswer(row);
  }

  /**
   * Creates or changes one member's answer to a run in a transaction: `change` gets the stored
   * parts (empty for a first answer) and returns the new parts and content. The previous
   * content is kept in `edits`.
   */
  async saveAnswer(
    runId: number,
    memberKey: string,
    at: Date,
    source: 'thread' | 'modal',
    change: (parts: AnswerPart[]) => { parts: AnswerPart[]; content: StandupContent },
  ): Promise<{ answer: StandupAnswerRecord; created: boolean }> {
    return this.prisma.$transaction(async (tx) => {
      const member = await tx.member.findUniqueOrThrow({ where: { key: memberKey } });
      const existing = await tx.standupAnswer.findUnique({ where: { runId_memberId: { runId, memberId: member.id } } });
      const next = change(existing === null ? [] : (existing.parts as unknown as AnswerPart[]));
      if (existing === null) {
        const row = await tx.standupAnswer.create({
          data: {
            runId,
            memberId: member.id,
            content: next.content as unknown as Prisma.InputJsonValue,
            parts: next.parts as unknown as Prisma.InputJsonValue,
            source,
            createdAt: at,
            updatedAt: at,
          },
          include: answerInclude,
        });
        return { answer: toAnswer(row), created: true };
      }
      const edits = [...(existing.edits as unknown as unknown[]), { content: existing.content, replacedAt: at.toISOString() }];
      const row = await tx.standupAnswer.update({
        where: { id: existing.id },
        data: {
          content: next.content as unknown as Prisma.InputJsonValue,
          parts: next.parts as unknown as Prisma.InputJsonValue,
          edits: edits as unknown as Prisma.InputJsonValue,
          source,
          updatedAt: at,
        },
        include: answerInclude,
      });
      return { answer: toAnswer(row), created: false };
    });
  }

  /** Answers between two dates (inclusive), for the export. */
  async answersBetween(from: string, to: string, streamKey?: string): Promise<StandupAnswerRecord[]> {
    const rows = await this.prisma.standupAnswer.findMany({
      where: { run: { date: { gte: from, lte: to }, ...(streamKey === undefined ? {} : { stream: { key: streamKey } }) } },
      include: answerInclude,
      orderBy: [{ run: { date: 'asc' } }, { run: { stream: { key: 'asc' } } }, { member: { key: 'asc' } }],
    });
    return rows.map(toAnswer);
  }

  /** What a stream's members said they did ("yesterday") between two dates, oldest first. */
  async doneItems(streamKey: string, from: string, to: string): Promise<string[]> {
    const rows = await this.prisma.standupAnswer.findMany({
      where: { run: { date: { gte: from, lte: to }, stream: { key: streamKey } } },
      orderBy: [{ run: { date: 'asc' } }, { id: 'asc' }],
      select: { content: true },
    });
    return rows.flatMap((r) => (r.content as unknown as StandupContent).yesterday);
  }
}
