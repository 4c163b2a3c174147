/**
 * The abuse policy's operator commands, on the data folder `serve` uses (also while it
 * runs: blocks take effect within a second, locks, schedules and one-time PINs at the next
 * PIN entry):
 *
 *   pinbridge rooms lock|unlock <id>
 *   pinbridge rooms schedule <id> (--always | --window START,END ... | --json SCHEDULE)
 *   pinbridge rooms schedule-rotation <id> [--every 30d|off]   pinbridge rooms pending-pins <id>
 *   pinbridge pins one-time mint <room> --start T --end T [--name N] [--max-uses N]
 *   pinbridge pins one-time list <room>        pinbridge pins one-time revoke <id>
 *   pinbridge block add <ip|cidr|caller-id> [--expires 2h] [--reason R]
 *   pinbridge block list [--all]               pinbridge block remove <id>
 *   pinbridge audit [--from 24h] [--to T] [--room ID] [--kind K] [--limit N]
 *   pinbridge report [--from 7d] [--to T]
 *   pinbridge locks [--url U]                  (asks the running server: its counters live in memory)
 *
 * Times are ISO (`2026-12-04T15:00:00Z`) or durations (`30m`, `2h`, `7d`: from now for
 * start/end/expires, ago for from/to). A one-time PIN is printed once, at minting.
 */
import { Command } from 'commander';
import * as actions from '../app/operator-actions.js';
import type { ActiveLocks } from '../app/active-locks.js';
import { parseAbuseSettings } from '../app/abuse-settings.js';
import { takePendingPins, type PendingPins } from '../app/pending-pins.js';
import { toRoomId } from '../pins/index.js';
import { adminApiClient, type ServerFlags } from './admin-api-client.js';
import { CliExit, EXIT, type CliIo } from './cli-io.js';
import { openData, type DataFlags, type OpenData } from './open-data.js';

interface JsonFlag {
  readonly json?: boolean;
}

const ACTOR = 'cli';

function withDataFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML config file (for the data folder, code lengths and policy)')
    .option('-d, --data <dir>', 'data folder (default ./data, or dataDir from the config)')
    .option('--json', 'print JSON');
}

function run<T>(io: CliIo, flags: DataFlags & JsonFlag, body: (data: OpenData) => { ok: true; value: T } | { ok: false; error: string }, text: (value: T) => string): void {
  const data = openData(io, flags);
  try {
    const result = body(data);
    if (!result.ok) throw new CliExit(/ does not exist$|^no .* has id|^no pending PINs/.test(result.error) ? EXIT.notFound : EXIT.refused, result.error);
    io.stdout(flags.json === true ? `${JSON.stringify(result.value, null, 2)}\n` : text(result.value));
  } finally {
    data.close();
  }
}

/** Adds `lock`, `unlock` and `schedule` to the `rooms` group. */
export function addAbuseRoomCommands(rooms: Command, io: CliIo): Command {
  withDataFlags(rooms.command('lock'))
    .description('refuse PIN entry to a room for everyone until unlocked (connected callers stay)')
    .argument('<id>', 'conference ID')
    .action((id: string, flags: DataFlags & JsonFlag) =>
      run(io, flags, (data) => actions.lockRoomEntry(data.store, id, ACTOR), (v) => `PIN entry to room ${v.roomId} is locked.\n`),
    );
  withDataFlags(rooms.command('unlock'))
    .description('lift an operator lock and the policy’s automatic room lock')
    .argument('<id>', 'conference ID')
    .action((id: string, flags: DataFlags & JsonFlag) =>
      run(io, flags, (data) => actions.unlockRoomEntry(data.store, id, ACTOR, Date.now()), (v) => `PIN entry to room ${v.roomId} is open again.\n`),
    );
  withDataFlags(rooms.command('schedule'))
    .description('set when a room’s PINs work ("this conference is not active now" outside)')
    .argument('<id>', 'conference ID')
    .option('--always', 'no schedule: the PINs always work')
    .option('--window <start,end>', 'a booked window (repeatable), ISO times', (value: string, previous: string[] = []) => [...previous, value])
    .option('--schedule-json <json>', 'a schedule object (kind windows or weekly)')
    .action((id: string, flags: DataFlags & JsonFlag & { always?: boolean; window?: string[]; scheduleJson?: string }) =>
      run(
        io,
        flags,
        (data) => {
          let raw: unknown;
          if (flags.always === true) raw = 'always';
          else if (flags.window !== undefined) raw = { kind: 'windows', windows: flags.window.map((w) => ({ start: w.split(',')[0] ?? '', end: w.split(',')[1] ?? '' })) };
          else if (flags.scheduleJson !== undefined) {
            try {
              raw = JSON.parse(flags.scheduleJson);
            } catch {
              return { ok: false, error: '--schedule-json is not valid JSON' };
            }
          } else return { ok: false, error: 'give --always, --window or --schedule-json' };
          return actions.setRoomSchedule(data.store, id, raw, ACTOR);
        },
        (v) => `Room ${v.roomId}: schedule ${v.schedule.kind}.\n`,
      ),
    );
  withDataFlags(rooms.command('schedule-rotation'))
    .description('rotate a room’s PINs on a schedule; the running server leaves the new PINs for `rooms pending-pins`')
    .argument('<id>', 'conference ID')
    .option('--every <duration>', 'interval such as 30d or 12h (default policy.rotation.intervalMs), or off')
    .action((id: string, flags: DataFlags & JsonFlag & { every?: string }) =>
      run(
        io,
        flags,
        (data) => {
          const settings = parseAbuseSettings(data.config);
          if (!settings.ok) return { ok: false, error: settings.error.message };
          return actions.setRotationSchedule(data.store, id, flags.every, { defaultIntervalMs: settings.value.policy.rotation.intervalMs, actor: ACTOR });
        },
        (v) => (v.rotationIntervalMs === null ? `Room ${v.roomId}: scheduled rotation off.\n` : `Room ${v.roomId}: new PINs every ${formatInterval(v.rotationIntervalMs)}.\n`),
      ),
    );
  withDataFlags(rooms.command('pending-pins'))
    .description('print the PINs a scheduled rotation made, once (the file is deleted)')
    .argument('<id>', 'conference ID')
    .action((id: string, flags: DataFlags & JsonFlag) =>
      run(
        io,
        flags,
        (data) => {
          const roomId = toRoomId(id);
          if (roomId === undefined) return { ok: false, error: 'a conference ID is 8-12 digits' };
          if (data.store.getRoom(roomId) === undefined) return { ok: false, error: `room ${roomId} does not exist` };
          let pending: PendingPins | undefined;
          try {
            pending = takePendingPins(data.config.dataDir, roomId);
          } catch (error) {
            return { ok: false, error: error instanceof Error ? error.message : 'pending PINs unreadable' };
          }
          if (pending === undefined) return { ok: false, error: `no pending PINs: room ${roomId} has no unread scheduled rotation` };
          return { ok: true, value: pending };
        },
        (v) =>
          [
            `PINs of room ${v.roomId}, set by the scheduled rotation at ${v.rotatedAt}:`,
            `  PIN            ${v.pin}`,
            `  host PIN       ${v.hostPin}   (callers press * first, then the host PIN)`,
            '',
            'They are shown only this once: the file has been deleted.',
            '',
          ].join('\n'),
      ),
    );
  return rooms;
}

function formatInterval(ms: number): string {
  const day = 86_400_000;
  if (ms % day === 0) return `${ms / day}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/** `pins one-time mint|list|revoke`. */
export function pinsCommand(io: CliIo): Command {
  const pins = new Command('pins').description('one-time PINs');
  const oneTime = pins.command('one-time').description('mint, list and revoke one-time PINs (per meeting or invitee)');
  withDataFlags(oneTime.command('mint'))
    .description('mint a one-time PIN; it is printed once')
    .argument('<room>', 'conference ID')
    .requiredOption('--start <time>', 'meeting start (ISO, or a duration from now such as 10m)')
    .requiredOption('--end <time>', 'meeting end (ISO, or a duration from now such as 2h)')
    .option('--name <name>', 'invitee or meeting name')
    .option('--max-uses <n>', 'callers that may use it (default from policy.oneTimePins.maxUses)')
    .action((room: string, flags: DataFlags & JsonFlag & { start: string; end: string; name?: string; maxUses?: string }) =>
      run(
        io,
        flags,
        (data) => {
          const settings = parseAbuseSettings(data.config);
          if (!settings.ok) return { ok: false, error: settings.error.message };
          if (flags.maxUses !== undefined && !/^[0-9]{1,5}$/.test(flags.maxUses)) return { ok: false, error: '--max-uses must be a number' };
          return actions.mintOneTimePin(
            data.store,
            { roomId: room, start: flags.start, end: flags.end, ...(flags.name === undefined ? {} : { name: flags.name }), ...(flags.maxUses === undefined ? {} : { maxUses: Number(flags.maxUses) }), actor: ACTOR },
            { pinLength: data.config.ivr.pinLength, policy: settings.value.policy, nowMs: Date.now() },
          );
        },
        (v) => `One-time PIN ${v.pin} (id ${v.record.id}) for room ${v.record.roomId}, valid ${v.record.validFrom} to ${v.record.validUntil}, ${v.record.maxUses} use(s).\nIt is shown only this once.\n`,
      ),
    );
  withDataFlags(oneTime.command('list'))
    .description('list a room’s one-time PINs (never the PINs)')
    .argument('<room>', 'conference ID')
    .action((room: string, flags: DataFlags & JsonFlag) =>
      run(io, flags, (data) => actions.listOneTimePins(data.store, room, Date.now()), (rows) =>
        rows.length === 0 ? 'No one-time PINs.\n' : rows.map((r) => `${r.id}\t${r.status}\t${r.uses}/${r.maxUses}\t${r.validFrom} .. ${r.validUntil}\t${r.inviteeName ?? ''}\n`).join(''),
      ),
    );
  withDataFlags(oneTime.command('revoke'))
    .description('revoke a one-time PIN at once')
    .argument('<id>', 'one-time PIN id (from list)')
    .action((id: string, flags: DataFlags & JsonFlag) => run(io, flags, (data) => actions.revokeOneTimePin(data.store, id, ACTOR), (v) => `One-time PIN ${v.id} revoked.\n`));
  return pins;
}

/** `block add|list|remove`. */
export function blockCommand(io: CliIo): Command {
  const block = new Command('block').description('block source IPs, CIDR ranges or caller IDs');
  withDataFlags(block.command('add'))
    .description('block an IP, a CIDR range or a caller ID (a running server applies it within a second)')
    .argument('<value>', 'IP, CIDR (203.0.113.0/24) or caller ID (+15551234567)')
    .option('--expires <time>', 'duration (2h, 7d) or ISO time; permanent when omitted')
    .option('--reason <text>', 'why (kept in the audit trail)')
    .action((value: string, flags: DataFlags & JsonFlag & { expires?: string; reason?: string }) =>
      run(
        io,
        flags,
        (data) => actions.addBlock(data.store, { value, ...(flags.expires === undefined ? {} : { expires: flags.expires }), ...(flags.reason === undefined ? {} : { reason: flags.reason }), actor: ACTOR }, Date.now()),
        (b) => `Blocked ${b.kind} ${b.value} (id ${b.id})${b.expiresAt === undefined ? '' : ` until ${b.expiresAt}`}.\n`,
      ),
    );
  withDataFlags(block.command('list'))
    .description('list blocks in force')
    .option('--all', 'include expired blocks')
    .action((flags: DataFlags & JsonFlag & { all?: boolean }) =>
      run(io, flags, (data) => ({ ok: true, value: data.store.listBlocks({ includeExpired: flags.all === true }) }), (rows) =>
        rows.length === 0 ? 'No blocks.\n' : rows.map((b) => `${b.id}\t${b.kind}\t${b.value}\t${b.expiresAt ?? 'permanent'}\t${b.reason}\n`).join(''),
      ),
    );
  withDataFlags(block.command('remove'))
    .description('remove a block')
    .argument('<id>', 'block id (from list)')
    .action((id: string, flags: DataFlags & JsonFlag) => run(io, flags, (data) => actions.removeBlock(data.store, id, ACTOR), (v) => `Block ${v.id} removed.\n`));
  return block;
}

/** `audit`: query the append-only audit trail. */
export function auditCommand(io: CliIo): Command {
  return withDataFlags(new Command('audit'))
    .description('query the audit trail, newest first (never PINs)')
    .option('--from <time>', 'ISO time or duration ago (24h)')
    .option('--to <time>', 'ISO time or duration ago')
    .option('--room <id>', 'one room')
    .option('--kind <kind>', 'pin-attempt, lock, alert, block, moderation, …')
    .option('--limit <n>', 'rows (default 100, at most 10000)')
    .action((flags: DataFlags & JsonFlag & { from?: string; to?: string; room?: string; kind?: string; limit?: string }) =>
      run(
        io,
        flags,
        (data) =>
          actions.queryAudit(
            data.store,
            { ...(flags.from === undefined ? {} : { from: flags.from }), ...(flags.to === undefined ? {} : { to: flags.to }), ...(flags.room === undefined ? {} : { roomId: flags.room }), ...(flags.kind === undefined ? {} : { kind: flags.kind }), ...(flags.limit === undefined ? {} : { limit: flags.limit }) },
            Date.now(),
          ),
        (rows) =>
          rows.length === 0
            ? 'No audit rows.\n'
            : rows.map((r) => [r.at, r.kind, r.outcome ?? '', r.reason ?? '', r.roomId ?? '', r.rolePath ?? '', r.sourceIp ?? '', r.callerId ?? '', r.attempt ?? ''].join('\t') + '\n').join(''),
      ),
    );
}

/** `report`: failed PIN entries by source and by hour of day. */
export function reportCommand(io: CliIo): Command {
  return withDataFlags(new Command('report'))
    .description('failed PIN entries by source IP and by UTC hour of day')
    .option('--from <time>', 'ISO time or duration ago (default 24h)')
    .option('--to <time>', 'ISO time or duration ago (default now)')
    .action((flags: DataFlags & JsonFlag & { from?: string; to?: string }) =>
      run(
        io,
        flags,
        (data) => actions.failureReport(data.store, { ...(flags.from === undefined ? {} : { from: flags.from }), ...(flags.to === undefined ? {} : { to: flags.to }) }, Date.now()),
        (r) =>
          `Failures ${r.from} .. ${r.to}: ${r.failures}\nBy source:\n${r.bySource.map((s) => `  ${s.sourceIp}\t${s.failures}\n`).join('') || '  (none)\n'}By UTC hour:\n${r.byHourOfDayUtc.map((n, h) => `  ${String(h).padStart(2, '0')}:00\t${n}`).join('\n')}\n`,
      ),
    );
}

function formatLocks(locks: ActiveLocks): string {
  const lines = [`Global failure bucket: ${locks.globalTokens} tokens left.`];
  lines.push(locks.sources.length === 0 ? 'Locked sources: none.' : 'Locked sources:', ...locks.sources.map((l) => `  ${l.key}\tuntil ${l.lockedUntil}\tlevel ${l.level}`));
  lines.push(locks.bans.length === 0 ? 'Banned IPs (SIP admission): none.' : 'Banned IPs (SIP admission):', ...locks.bans.map((b) => `  ${b.sourceIp}\tuntil ${b.bannedUntil}`));
  lines.push(
    locks.rooms.length === 0 ? 'Room budgets: no failures.' : 'Room budgets:',
    ...locks.rooms.map((r) => `  ${r.roomId} ${r.rolePath}\t${r.failuresInWindow}/${r.lockAt} in 24 h, ${r.sinceSet}/${r.disableAt} since set${r.lockedUntil === undefined ? '' : `, locked until ${r.lockedUntil}`}${r.isDisabled ? ', PIN disabled' : ''}`),
  );
  return lines.join('\n') + '\n';
}

/** `locks`: what the running server's policy holds (locks, bans, budgets). */
export function locksCommand(io: CliIo): Command {
  return new Command('locks')
    .description('list active source locks, SIP bans and room budgets of the running server')
    .option('-c, --config <file>', 'YAML config file (for http.host/http.port and the data folder)')
    .option('-d, --data <dir>', 'data folder holding admin.token (default ./data, or dataDir from the config)')
    .option('--url <url>', 'admin API base URL (default from the config, http://127.0.0.1:8089)')
    .option('--json', 'print JSON')
    .action(async (flags: ServerFlags & JsonFlag) => {
      const body = (await adminApiClient(io, flags).request('GET', '/policy/locks')) as ActiveLocks;
      io.stdout(flags.json === true ? `${JSON.stringify(body, null, 2)}\n` : formatLocks(body));
    });
}
