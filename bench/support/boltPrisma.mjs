// What the chosen stack needs at least, for the memory bench (P5): the bare Bolt app of
// bareBolt.mjs plus Prisma's client (generated into dist/, driver adapter on the pg driver, its
// WebAssembly query compiler) reading one table for each /sprint command. Run with the node
// options Paceline runs with, so that the difference to Paceline is Paceline's own code.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../dist/db/generated/client.js';
import { startBoltFloor } from './bareBolt.mjs';

const prisma = new PrismaClient({ adapter: new PrismaPg(new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })) });
await prisma.stream.count();
await startBoltFloor('bolt with prisma', async () => `${(await prisma.stream.findMany()).length} streams`);
