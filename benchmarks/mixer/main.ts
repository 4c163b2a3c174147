/**
 * `npm run bench:mixer -- --rooms R --size P --talkers T --codec pcmu|pcma|opus|mixed
 * --workers W --seconds S [--steps N] [--cross-worker] [--connect-latched] [--no-network] [--smoke]`
 *
 * Networked (default): the real engine with real UDP on loopback and a load generator in its
 * own process; load rises in `--steps` steps up to R × P participants. `--no-network`: the
 * mix alone, in-process. Writes a CSV and an SVG plot of CPU vs participants to
 * benchmarks/results/ and ends with the summary line.
 */
import { availableParallelism } from 'node:os';
import { isSmoke, numberArg, parseArgs, printSummary, printTable, writeResult } from '../harness.js';
import { runNetwork, type StepResult } from './network-run.js';
import { runOffline } from './offline-mix.js';
import { plotSvg } from './plot-svg.js';

const args = parseArgs();
const smoke = isSmoke(args);
const rooms = numberArg(args, 'rooms', smoke ? 2 : 50);
const size = numberArg(args, 'size', smoke ? 5 : 10);
const talkers = numberArg(args, 'talkers', 2);
const codecArg = args.get('codec') ?? 'pcmu';
if (codecArg !== 'pcmu' && codecArg !== 'pcma' && codecArg !== 'opus' && codecArg !== 'mixed') {
  throw new Error(`--codec must be pcmu, pcma, opus or mixed, got ${codecArg}`);
}
const codec = codecArg;
const workers = numberArg(args, 'workers', Math.max(1, availableParallelism() - 1));
const seconds = numberArg(args, 'seconds', smoke ? 2 : 20);
const steps = numberArg(args, 'steps', smoke ? 1 : 4);
const fmt = (n: number, digits = 2): string => n.toFixed(digits);

const ASTERISK_US = 2600;
const TARGET_US = 900;

if (args.has('no-network')) {
  const fractions = smoke ? [1] : [0.1, 0.25, 0.5, 1, 2];
  const rows = fractions.map((f) => {
    const r = Math.max(1, Math.round(rooms * f));
    return runOffline({
      rooms: r,
      size,
      talkers,
      codec,
      ticks: smoke ? 100 : Math.max(200, Math.round((seconds * 50) / fractions.length)),
      minMeasureMs: smoke ? 0 : 1000,
    });
  });
  printTable(
    rows.map((r) => ({
      participants: r.participants,
      ticks: r.ticks,
      'cpu µs/participant/tick': fmt(r.cpuUsPerParticipantTick, 3),
      'cpu µs/participant-s': fmt(r.cpuUsPerParticipantTick * 50, 1),
      'tick cost p50 ms': fmt(r.tickCostP50Ms, 3),
      'tick cost p99 ms': fmt(r.tickCostP99Ms, 3),
    })),
  );
  const csv = ['participants,ticks,cpu_us_per_participant_tick,cpu_us_per_participant_s,tick_cost_p50_ms,tick_cost_p99_ms'];
  for (const r of rows) csv.push([r.participants, r.ticks, r.cpuUsPerParticipantTick, r.cpuUsPerParticipantTick * 50, r.tickCostP50Ms, r.tickCostP99Ms].join(','));
  const csvPath = writeResult(`mixer-no-network-${codec}.csv`, csv.join('\n') + '\n');
  const svgPath = writeResult(
    `mixer-no-network-${codec}.svg`,
    plotSvg({
      title: `pinbridge mix alone (${codec}, rooms of ${size}, ${talkers} talkers)`,
      xLabel: 'participants',
      yLabel: 'CPU µs per participant-second',
      series: [{ label: 'mix + codec', color: '#1f77b4', points: rows.map((r) => [r.participants, r.cpuUsPerParticipantTick * 50] as const) }],
      references: [],
    }),
  );
  process.stdout.write(`wrote ${csvPath} and ${svgPath}\n`);
  // Held: the whole mix of the largest load fits a 20 ms tick with room to spare on one core.
  const last = rows[rows.length - 1] ?? rows[0];
  if (last === undefined) throw new Error('no rows');
  const heldRows = rows.filter((r) => r.tickCostP99Ms < 10);
  process.stdout.write(`largest load held in real time: ${Math.max(0, ...heldRows.map((r) => r.participants))} participants (tick cost p99 < 10 ms)\n`);
  printSummary([
    ['participants', last.participants],
    ['codec', codec],
    ['held', last.tickCostP99Ms < 10 ? 'yes' : 'no'],
    ['tick_late_p99_ms', fmt(0)],
    ['loss_pct', fmt(0, 3)],
    ['cpu_us_per_participant_s', fmt(last.cpuUsPerParticipantTick * 50, 1)],
  ]);
} else {
  const results: StepResult[] = await runNetwork(
    { rooms, size, talkers, codec, workers, stepSeconds: Math.max(2, seconds / steps), steps, crossWorker: args.has('cross-worker'), connectLatched: args.has('connect-latched') },
    (line) => process.stdout.write(line + '\n'),
  );
  printTable(
    results.map((r) => ({
      participants: r.participants,
      'cpu µs/participant-s': fmt(r.cpuUsPerParticipantS, 0),
      'tick cost p50/p99 ms': `${fmt(r.tickCostP50Ms, 1)}/${fmt(r.tickCostP99Ms, 1)}`,
      'tick late p50/p99/max ms': `${fmt(r.tickLateP50Ms, 1)}/${fmt(r.tickLateP99Ms, 1)}/${fmt(r.tickLateMaxMs, 1)}`,
      'loss %': fmt(r.lossPct, 3),
      'pps in/out': `${fmt(r.inPps, 1)}/${fmt(r.outPps, 1)}`,
      held: r.held ? 'yes' : 'no',
    })),
  );
  const csv = ['participants,codec,workers,cpu_us_per_participant_s,tick_cost_p50_ms,tick_cost_p99_ms,tick_late_p50_ms,tick_late_p99_ms,tick_late_max_ms,loss_pct,in_pps,out_pps,held'];
  for (const r of results) {
    csv.push([r.participants, codec, workers, r.cpuUsPerParticipantS, r.tickCostP50Ms, r.tickCostP99Ms, r.tickLateP50Ms, r.tickLateP99Ms, r.tickLateMaxMs, r.lossPct, r.inPps, r.outPps, r.held ? 'yes' : 'no'].join(','));
  }
  const csvPath = writeResult(`mixer-${codec}.csv`, csv.join('\n') + '\n');
  const svgPath = writeResult(
    `mixer-${codec}.svg`,
    plotSvg({
      title: `pinbridge engine CPU (${codec}, rooms of ${size}, ${talkers} talkers, ${workers} worker${workers === 1 ? '' : 's'})`,
      xLabel: 'participants',
      yLabel: 'engine CPU µs per participant-second',
      series: [{ label: `pinbridge ${codec}`, color: '#1f77b4', points: results.map((r) => [r.participants, r.cpuUsPerParticipantS] as const) }],
      references: [
        { label: `Asterisk ConfBridge ~${ASTERISK_US}`, y: ASTERISK_US, color: '#d62728' },
        { label: `target ${TARGET_US}`, y: TARGET_US, color: '#2ca02c' },
      ],
    }),
  );
  process.stdout.write(`wrote ${csvPath} and ${svgPath}\n`);
  const held = results.filter((r) => r.held);
  process.stdout.write(`largest load held in real time: ${Math.max(0, ...held.map((r) => r.participants))} participants\n`);
  const last = results[results.length - 1];
  if (last === undefined) throw new Error('no step ran');
  printSummary([
    ['participants', last.participants],
    ['codec', codec],
    ['held', last.held ? 'yes' : 'no'],
    ['tick_late_p99_ms', fmt(last.tickLateP99Ms)],
    ['loss_pct', fmt(last.lossPct, 3)],
    ['cpu_us_per_participant_s', fmt(last.cpuUsPerParticipantS, 0)],
  ]);
}
