/**
 * Where a process's CPU went, from a V8 CPU profile (`.cpuprofile`, as `--cpu-prof` or
 * profile/run.ts writes it): self time by area (Nest, Express or Fastify, pino, OpenTelemetry, validation,
 * TypeORM, pg, node's own modules, Accord's bundle, V8), twice:
 *
 * - "own": each frame's self time to the area of its own code; native functions (a socket write,
 *   JSON.parse) count as native, named apart.
 * - "caused by": each frame's self time to the nearest package on its stack (node's modules and
 *   native functions count for the package that called them: pg's socket writes are pg's).
 *
 * `npx tsx scripts/bench/profile-summary.ts <file.cpuprofile> [more files...]`
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const GROUPS: [RegExp, string][] = [
  [/^@nestjs\/(core|common)$|^reflect-metadata$|^rxjs$|^tslib$/, 'Nest core/router'],
  [/^@nestjs\/throttler$/, 'Nest throttler (rate limit)'],
  [/^@nestjs\/(cqrs|terminus|swagger|typeorm)$/, 'Nest cqrs/terminus/swagger/typeorm'],
  [
    /^nestjs-pino$|^pino|^sonic-boom$|^thread-stream$|^fast-redact$|^@pinojs|^quick-format|^atomic-sleep$/,
    'pino/pino-http',
  ],
  [/^@opentelemetry\//, '@opentelemetry/*'],
  [/^class-validator$|^class-transformer$|^validator$|^libphonenumber-js$/, 'class-validator/class-transformer'],
  [/^typeorm$/, 'typeorm'],
  [/^pg(-.*)?$|^postgres-/, 'pg'],
  [/^jose$/, 'jose (auth)'],
  [/^prom-client$|^tdigest$|^bintrees$/, 'prom-client (metrics)'],
  [/^helmet$|^@fastify\/helmet$/, 'helmet'],
  [/^kafkajs$/, 'kafkajs'],
  [
    /^express$|^@nestjs\/platform-express$|^body-parser$|^raw-body$|^router$|^path-to-regexp$|^finalhandler$|^send$|^serve-static$|^on-finished$|^on-headers$|^type-is$|^content-type$|^accepts$|^negotiator$|^mime|^qs$|^iconv-lite$|^depd$|^debug$|^cookie|^etag$|^fresh$|^vary$|^proxy-addr$|^forwarded$|^parseurl$|^encodeurl$|^escape-html$|^media-typer$|^statuses$|^http-errors$|^safe-buffer$|^setprototypeof$|^merge-descriptors$|^utils-merge$|^range-parser$|^ee-first$|^unpipe$|^bytes$|^destroy$|^toidentifier$|^side-channel|^call-bind|^get-intrinsic$|^es-|^has-|^object-inspect$|^function-bind$|^gopd$|^hasown$|^dunder-proto$|^math-intrinsics$/,
    'express',
  ],
  [
    /^fastify$|^@nestjs\/platform-fastify$|^@fastify\/|^find-my-way$|^avvio$|^light-my-request$|^fast-json-stringify$|^fast-querystring$|^fast-decode-uri-component$|^secure-json-parse$|^toad-cache$|^fastq$|^reusify$|^rfdc$|^abstract-logging$|^process-warning$|^fastify-plugin$/,
    'fastify',
  ],
];

/** The package a script belongs to: `@scope/name` or `name` after the last node_modules/. */
function packageOf(url: string): string | undefined {
  const i = url.lastIndexOf('node_modules/');
  if (i < 0) return undefined;
  const parts = url.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

function nodeModule(url: string): string {
  const name = url.replace(/^node:/, '').replace(/^internal\//, '');
  if (/^(net|dgram|dns|tls|stream|internal\/stream|streams\/|stream_base|_stream|socket)/.test(name))
    return 'node: net/streams';
  if (/^(_http|http)/.test(name)) return 'node: http';
  if (/crypto/.test(name)) return 'node: crypto';
  if (/zlib/.test(name)) return 'node: zlib';
  if (/async_hooks|async_local_storage/.test(name)) return 'node: async_hooks/ALS';
  if (/timers/.test(name)) return 'node: timers';
  if (/^(events|event_target)/.test(name)) return 'node: events';
  if (/process\/task_queues|process\/promises/.test(name)) return 'node: task queues';
  return 'node: other';
}

/** The area of one frame's code; undefined for native code without a script. */
export function areaOf(frame: CallFrame): string | undefined {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(program)') return 'V8: (program)';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(root)') return '(root)';
    return undefined;
  }
  if (url.startsWith('node:')) return nodeModule(url);
  const pkg = packageOf(url);
  if (pkg) return GROUPS.find(([pattern]) => pattern.test(pkg))?.[1] ?? pkg;
  if (/\/dist\/apps\/[^/]+\/main\.js$/.test(url)) return 'Accord (apps + libs bundle)';
  if (/\/(apps|libs)\//.test(url)) return 'Accord (apps + libs bundle)';
  if (/lean-server\.js$/.test(url)) return 'lean server (its own code)';
  if (/profile-hook\.js$/.test(url)) return 'bench instrumentation';
  return url;
}

const isNode = (area: string) => area.startsWith('node: ');

export interface Summary {
  /** ms of samples not idle. */
  busyMs: number;
  wallMs: number;
  own: Map<string, number>;
  causedBy: Map<string, number>;
  /** Native functions' self time by name, with the area that called them. */
  natives: Map<string, number>;
  /** Hottest functions by self time. */
  functions: Map<string, number>;
}

export function summarise(profiles: CpuProfile[]): Summary {
  const own = new Map<string, number>();
  const causedBy = new Map<string, number>();
  const natives = new Map<string, number>();
  const functions = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  let busyMs = 0;
  let wallMs = 0;
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const selfMs = new Map<number, number>();
    // timeDeltas[i] is the time before sample i; the time of sample i is the next delta.
    for (let i = 0; i < profile.samples.length; i++) {
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + ms);
    }
    wallMs += (profile.endTime - profile.startTime) / 1000;
    for (const [id, ms] of selfMs) {
      const node = byId.get(id)!;
      const frame = node.callFrame;
      const area = areaOf(frame);
      if (area === '(idle)' || area === '(root)') continue;
      busyMs += ms;
      // The nearest caller with a script: a native function's owner, and a package for "caused by".
      let caller: string | undefined;
      let pkg: string | undefined = area && !isNode(area) ? area : undefined;
      for (
        let up = parent.get(id);
        up !== undefined && (caller === undefined || pkg === undefined);
        up = parent.get(up)
      ) {
        const a = areaOf(byId.get(up)!.callFrame);
        if (a === undefined || a === '(root)') continue;
        caller ??= a;
        if (!isNode(a)) pkg ??= a;
      }
      if (area === undefined) {
        add(own, 'native (called from JS)', ms);
        add(natives, `${frame.functionName || '(anonymous)'} ← ${caller ?? '?'}`, ms);
      } else add(own, area, ms);
      add(causedBy, pkg ?? area ?? caller ?? 'native', ms);
      add(
        functions,
        `${frame.functionName || '(anonymous)'} ${area ?? `native ← ${caller ?? '?'}`}${frame.url ? ` ${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${frame.lineNumber + 1}` : ''}`,
        ms,
      );
    }
  }
  return { busyMs, wallMs, own, causedBy, natives, functions };
}

export function format(summary: Summary, title: string, perRequestOf?: number): string {
  const top = (map: Map<string, number>, limit: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => {
        const share = ((100 * ms) / summary.busyMs).toFixed(1).padStart(5);
        const per = perRequestOf ? ` ${((1000 * ms) / perRequestOf).toFixed(0).padStart(6)} µs/req` : '';
        return `  ${share} %${per}  ${name}`;
      })
      .join('\n');
  return [
    `## ${title}`,
    `busy ${(summary.busyMs / 1000).toFixed(1)} s of ${(summary.wallMs / 1000).toFixed(1)} s profiled` +
      (perRequestOf
        ? `; ${perRequestOf.toLocaleString('en')} requests, ${((1000 * summary.busyMs) / perRequestOf).toFixed(0)} µs busy a request`
        : ''),
    '',
    'Self time by area of the code itself:',
    top(summary.own, 30),
    '',
    'Self time by the package responsible (node internals and native calls counted for their caller):',
    top(summary.causedBy, 30),
    '',
    'Native functions (self time, with their caller):',
    top(summary.natives, 15),
    '',
    'Hottest functions (self time):',
    top(summary.functions, 30),
  ].join('\n');
}

if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: profile-summary.ts <file.cpuprofile> [...]');
  const profiles = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  console.log(format(summarise(profiles), files.join(', ')));
}
