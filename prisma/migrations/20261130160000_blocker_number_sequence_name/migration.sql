-- Prisma names the sequence of an autoincrement column "<Table>_<column>_seq" when it creates the
-- table, but "blocker_number_seq" when a migration adds autoincrement to an existing column (as
-- 20261126143636 did). Renamed so that a migrated database is exactly what schema.prisma describes
-- (the column default follows the sequence, not its name).
ALTER SEQUENCE blocker_number_seq RENAME TO "Blocker_number_seq";
