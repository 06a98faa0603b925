/**
 * Whether a database error is a unique-key violation, on either database. Through
 * @prisma/adapter-pg it arrives as Prisma's P2002; through pglite-prisma-adapter as a
 * DriverAdapterError whose cause carries PostgreSQL's own SQLSTATE 23505. Claims that rely on a
 * unique key ("the second replica loses") must treat both the same, so they ask here.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; cause?: { code?: unknown; originalCode?: unknown; kind?: unknown } };
  if (e.code === 'P2002') return true;
  const cause = e.cause;
  return cause !== undefined && (cause.code === '23505' || cause.originalCode === '23505' || cause.kind === 'UniqueConstraintViolation');
}
