/**
 * SIP parser throughput, pinbridge against published JS SIP parsers.
 *
 * Question: how many realistic SIP messages per second does
 * `@pinbridge/sip-core` parse, compared with the `sip` npm package and the
 * SIP.js core parser, at the same depth (see peers.ts), in the same process?
 * Inputs: the corpus in corpus.ts (trunk and softphone INVITEs with SDP,
 * 100/180/200, ACK, INFO dtmf-relay, BYE).
 * Metric: messages per second, per parser and per message kind, and for the
 * whole corpus (medians of interleaved slices); the ratio against the fastest
 * peer is the median of per-round ratios, which holds on a noisy machine.
 * Budget: pinbridge ≥ 2× the fastest peer (issue #2).
 *
 * Run: `npm run bench:sip-parser` (add `--smoke` for a few-second run). The
 * timing runs in a plain `node` child on the compiled measure.js (all three
 * parsers in that one process); without a build it falls back to this
 * process and says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isSmoke, parseArgs, printSummary, printTable, writeResult } from '../harness.js';
import type { SipParserFigures } from './measure.js';

const args = parseArgs();
const smoke = isSmoke(args);
const compiled = fileURLToPath(new URL('../dist/sip-parser/measure.js', import.meta.url));

let figures: SipParserFigures;
if (existsSync(compiled)) {
  const child = spawnSync(process.execPath, [compiled, ...(smoke ? ['--smoke'] : [])], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`measure.js failed: ${child.stderr}`);
  figures = JSON.parse(child.stdout) as SipParserFigures;
  console.log('runner: node on the compiled benchmark (no transpiler in the timed process)');
} else {
  const { measureSipParsers } = await import('./measure.js');
  figures = measureSipParsers(smoke);
  console.log('runner: in-process under tsx (run `npm run build` for untranspiled figures)');
}

printTable(figures.rows);
const totals = new Map(figures.totals);
const ours = totals.get('pinbridge') ?? 0;
let peer = '';
let peerRate = 0;
for (const [name, rate] of totals) {
  if (name !== 'pinbridge' && rate > peerRate) {
    peer = name;
    peerRate = rate;
  }
}
// The ratio is the median of per-round ratios (see measure.ts), steadier than ours / peerRate.
const ratio = new Map(figures.ratios).get(peer) ?? 0;
writeResult('sip-parser.json', JSON.stringify({ smoke, ...figures }, null, 2));
printSummary([
  ['pinbridge_msgs_per_s', ours],
  ['peer', peer],
  ['peer_msgs_per_s', peerRate],
  ['ratio', ratio.toFixed(2)],
]);
