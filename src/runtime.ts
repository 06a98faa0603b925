/**
 * The node options Paceline runs with (issue #14, P5). `--liftoff-only` keeps V8 from
 * recompiling hot WebAssembly functions with its optimising compiler: PGlite (PostgreSQL compiled
 * to WebAssembly) and Prisma's query compiler are WebAssembly, and those recompilations held about
 * 50 MB resident (26 MB on PostgreSQL) and kept a second core busy, for no measurable gain on
 * Paceline's short queries (bench/memory.ts and bench/ack.ts compare). `npm start` and the
 * `paceline` command's first line pass the same options; they cannot be set from inside a running
 * process (V8 reads them once, and PGlite fails to start after `v8.setFlagsFromString`).
 */
export const NODE_OPTIONS: readonly string[] = ['--liftoff-only'];
