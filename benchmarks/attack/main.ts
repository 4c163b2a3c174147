/**
 * bench:attack — the attacker models of SECURITY.md against the real policy in virtual
 * time: how many PIN guesses each gets per day, and the chance of breaking one 8-digit
 * PIN in 30 days when the attacker may target any of 1,000 rooms.
 *
 * Assumptions: 1,000 rooms with uniform 8-digit PINs minus the 0.67 % structural
 * blocklist (the attacker skips those values and never repeats a guess per room);
 * default policy config; the attacker spreads guesses across rooms to dodge room locks
 * and waits out advertised retry times (calling earlier cannot buy budget faster).
 */
import { isSmoke, numberArg, parseArgs, printSummary, printTable, writeResult } from '../harness.js';
import { simulateModel } from './simulate.js';
import type { AttackModel, ModelResult } from './simulate.js';

const args = parseArgs();
const smoke = isSmoke(args);
const days = numberArg(args, 'days', smoke ? 1 : 30);
const rooms = numberArg(args, 'rooms', 1000);
const scale = smoke ? 0.01 : 1;

const models: AttackModel[] = [
  { name: 'one caller (PSTN)', sources: 1, kind: 'pstn', lines: 2 },
  { name: 'withheld caller ID', sources: 1, kind: 'anonymous', lines: 30 },
  { name: '1,000 caller IDs', sources: Math.max(10, Math.round(1000 * scale)), kind: 'pstn', lines: 30 },
  { name: '100,000 caller IDs (trunk)', sources: Math.max(10, Math.round(100_000 * scale)), kind: 'pstn', lines: 30 },
  { name: 'many source IPs (SIP)', sources: Math.max(10, Math.round(10_000 * scale)), kind: 'sip-ip', lines: 50 },
];

const results: ModelResult[] = models.map((m) => simulateModel(m, { days, rooms, pinLength: 8, blocklistFraction: 0.0067 }));

printTable(results.map((r, i) => ({
  model: r.model,
  sources: models[i]?.sources ?? 0,
  guesses_per_day: Math.round(r.guessesPerDay),
  guesses_total: r.guesses,
  p_break_30d_pct: r.p30dPct.toFixed(4),
  calls: r.calls,
  refused_global: r.refusedGlobal,
  refused_source: r.refusedSource,
  refused_room: r.refusedRoom,
  legit_verified_joined: r.legitVerifiedJoined ? 'yes' : 'no',
  legit_new_unverified_joined: r.legitNewJoined ? 'yes' : `no: ${r.legitNewRefusal}${r.legitNewWaitS > 0 ? ` (retry in ${Math.round(r.legitNewWaitS)} s)` : ''}`,
})));
process.stdout.write(`assumptions: ${rooms} rooms, 8-digit PINs, blocklist 0.67 %, ${days} day(s) simulated${days === 30 ? '' : ' (odds scaled to 30 d)'}; legit caller = returning digest-authenticated user who mistypes twice\n`);
const worst = Math.max(...results.map((r) => r.p30dPct));
const legitJoined = results.every((r) => r.legitVerifiedJoined);
writeResult('attack.json', JSON.stringify({ days, rooms, results }, null, 2));
printSummary([['worst_p30d_pct', worst.toFixed(4)], ['legit_joined', legitJoined ? 'yes' : 'no']]);
