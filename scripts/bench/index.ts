/**
 * `npm run bench [part ...]`: Accord against the physical limits of this machine and against Emmett,
 * each comparison measured in the same run on the same Postgres (and Kafka), every figure a median
 * of rounds. Parts: append, read, http, status, propagation, memory (all by default); `npm run bench:<part>`
 * runs one. Prints the tables and the targets met or missed, and writes them to
 * .accord/bench/latest.json and latest.md (BENCHMARKS.md shows the latest run). The knobs are in
 * support/config.ts.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../infra/state';
import { appendBench } from './append';
import { httpBench } from './http';
import { idleRss, memoryReport } from './memory';
import { propagationBench } from './propagation';
import { readBench } from './read';
import { statusBench } from './status';
import { config } from './support/config';
import { postgresVersion, serverUrl } from './support/database';
import { loadEvents } from './support/load';
import { checksTable, machine, markdownTable, type PartReport } from './support/report';
import { RssSampler } from './support/rss';
import { SERVICE_NAMES, startSuite, type Suite } from './support/suite';

const PARTS = ['append', 'read', 'http', 'status', 'propagation', 'memory'] as const;
type Part = (typeof PARTS)[number];

let suite: Suite | undefined;

/** The parts that need the suite running share one start, one preload and one RSS sampler. */
async function suiteParts(parts: Part[]): Promise<PartReport[]> {
  const reports: PartReport[] = [];
  suite = await startSuite();
  const client = await suite.db.client();
  try {
    if (parts.includes('http') || parts.includes('memory')) {
      process.stdout.write(`suite: storing ${config.events.toLocaleString('en')} events in each service's store...\n`);
      for (const name of SERVICE_NAMES)
        await loadEvents(client, name.replace('-service', ''), config.events, 'preloaded-');
    }
    const idle = parts.includes('memory') ? await idleRss(suite) : {};
    const sampler = new RssSampler(Object.fromEntries(Object.entries(suite.services).map(([n, s]) => [n, s.pid])));
    sampler.start();
    try {
      if (parts.includes('http')) reports.push(await httpBench(suite));
      else if (parts.includes('memory')) await httpBench(suite, 1);
      if (parts.includes('status')) reports.push(await statusBench(suite));
      if (parts.includes('propagation')) reports.push(await propagationBench(suite));
    } finally {
      // Before the suite stops: a sample of a stopped process would throw and hide the error.
      sampler.stop();
    }
    if (parts.includes('memory')) {
      const through = parts.includes('http') ? 'the HTTP benchmark' : 'one round of the HTTP benchmark';
      reports.push(
        memoryReport(idle, sampler.peaks, parts.includes('propagation') ? `${through} and propagation` : through),
      );
    }
    return reports;
  } finally {
    await client.end();
    await suite.stop();
    suite = undefined;
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`unknown part ${unknown.join(', ')}; parts: ${PARTS.join(', ')}`);
  const parts = (asked.length > 0 ? asked : PARTS) as Part[];
  const started = new Date();
  const where = machine(await postgresVersion(await serverUrl()));

  const reports: PartReport[] = [];
  if (parts.includes('append')) reports.push(await appendBench());
  if (parts.includes('read')) reports.push(await readBench());
  if (parts.some((part) => ['http', 'status', 'propagation', 'memory'].includes(part)))
    reports.push(...(await suiteParts(parts)));

  const seconds = Math.round((Date.now() - started.getTime()) / 1000);
  const markdown = [
    `Run ${started.toISOString()} (${seconds} s) on ${where.cpu}, ${where.memory}, Node ${where.node}, PostgreSQL ${where.postgres}.`,
    ...reports.flatMap((report) => report.tables.map(markdownTable)),
    markdownTable(checksTable(reports)),
  ].join('\n\n');
  console.log(`\n${markdown}\n`);
  const dir = stateDir('bench');
  writeFileSync(join(dir, 'latest.md'), `${markdown}\n`);
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ started, seconds, machine: where, config, parts: reports }, null, 2)}\n`,
  );
  console.log(`Written to ${join(dir, 'latest.json')} and latest.md`);
}

// Ctrl-C: the suite's processes, broker and database go too.
process.once('SIGINT', () => {
  void (suite?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
});

main().catch(async (error: Error) => {
  console.error(error.stack ?? error.message);
  await suite?.stop().catch(() => undefined);
  process.exit(1);
});
