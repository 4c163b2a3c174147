/**
 * `pinbridge rooms roster|mute|kick|end`: mirrors of the admin API's live operations
 * (issue 7), talking to the running server over HTTP (see admin-api-client.ts). They act on
 * conferences in progress, unlike `rooms create|list|show|rotate|delete`, which work on the
 * data folder.
 */
import { Command, InvalidArgumentError } from 'commander';
import type { RosterEntryJson } from '../admin-api/index.js';
import { escapeForLog } from '../logging/index.js';
import { toRoomId } from '../pins/index.js';
import { adminApiClient, type ServerFlags } from './admin-api-client.js';
import type { CliIo } from './cli-io.js';

interface JsonFlag {
  readonly json?: boolean;
}

function withServerFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML config file (for http.host/http.port and the data folder)')
    .option('-d, --data <dir>', 'data folder holding admin.token (default ./data, or dataDir from the config)')
    .option('--url <url>', 'admin API base URL (default from the config, http://127.0.0.1:8089)');
}

function parseRoomId(value: string): string {
  const id = toRoomId(value);
  if (id === undefined) throw new InvalidArgumentError('a conference ID is 8-12 digits');
  return id;
}

function parseCallId(value: string): string {
  if (!/^[\x21-\x7e]{1,128}$/.test(value)) throw new InvalidArgumentError('a call ID is 1-128 visible ASCII characters (see `rooms roster`)');
  return value;
}

function path(id: string, callId?: string): string {
  return callId === undefined ? `/rooms/${id}` : `/rooms/${id}/participants/${encodeURIComponent(callId)}`;
}

/** The roster as an aligned table; names are escaped (a one-time PIN's name is user input). */
export function formatRoster(roomId: string, entries: readonly RosterEntryJson[]): string {
  if (entries.length === 0) return `Room ${roomId}: nobody is in the conference.\n`;
  const rows = entries.map((e) => [
    e.callId,
    e.role,
    e.displayName !== undefined ? escapeForLog(e.displayName) : e.hasRecordedName ? '(recorded name)' : '-',
    e.callerId ?? 'anonymous',
    e.isMuted ? 'yes' : 'no',
    e.handRaised === null ? '-' : String(e.handRaised),
    e.isTalking ? 'yes' : 'no',
    e.joinedAt,
    e.codec,
    `${e.lossPct}%`,
    `${e.jitterMs} ms`,
  ]);
  const header = ['CALL', 'ROLE', 'NAME', 'CALLER', 'MUTED', 'HAND', 'TALKING', 'JOINED', 'CODEC', 'LOSS', 'JITTER'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return `Room ${roomId}: ${entries.length} in the conference.\n${[header, ...rows].map(line).join('\n')}\n`;
}

function print(io: CliIo, flags: JsonFlag, value: unknown, text: string): void {
  io.stdout(flags.json === true ? `${JSON.stringify(value, null, 2)}\n` : text);
}

/** Adds the live commands to the `rooms` group. */
export function addLiveRoomCommands(rooms: Command, io: CliIo): Command {
  withServerFlags(rooms.command('roster'))
    .description('who is in a conference now (from the running server); caller IDs show the last 4 digits unless --full')
    .argument('<id>', 'conference ID', parseRoomId)
    .option('--full', 'full caller IDs')
    .option('--json', 'print JSON')
    .action(async (id: string, flags: ServerFlags & JsonFlag & { full?: boolean }) => {
      const body = (await adminApiClient(io, flags).request('GET', `${path(id)}/roster${flags.full === true ? '?full=1' : ''}`)) as {
        participants: RosterEntryJson[];
      };
      print(io, flags, body, formatRoster(id, body.participants));
    });

  withServerFlags(rooms.command('mute'))
    .description('mute (or with --off unmute) one caller of a conference in progress')
    .argument('<id>', 'conference ID', parseRoomId)
    .argument('<call>', 'call ID from `rooms roster`', parseCallId)
    .option('--off', 'unmute instead')
    .option('--json', 'print JSON')
    .action(async (id: string, callId: string, flags: ServerFlags & JsonFlag & { off?: boolean }) => {
      const muted = flags.off !== true;
      const body = await adminApiClient(io, flags).request('POST', `${path(id, callId)}/mute`, { muted });
      print(io, flags, body, `Call ${callId} in room ${id} ${muted ? 'muted' : 'unmuted'}.\n`);
    });

  withServerFlags(rooms.command('kick'))
    .description('remove one caller from a conference in progress')
    .argument('<id>', 'conference ID', parseRoomId)
    .argument('<call>', 'call ID from `rooms roster`', parseCallId)
    .option('--ban', 'the caller cannot rejoin this meeting')
    .option('--json', 'print JSON')
    .action(async (id: string, callId: string, flags: ServerFlags & JsonFlag & { ban?: boolean }) => {
      const ban = flags.ban === true;
      const body = await adminApiClient(io, flags).request('POST', `${path(id, callId)}/kick`, { ban });
      print(io, flags, body, `Call ${callId} removed from room ${id}${ban ? ' and banned from this meeting' : ''}.\n`);
    });

  withServerFlags(rooms.command('end'))
    .description('end a conference in progress for everyone')
    .argument('<id>', 'conference ID', parseRoomId)
    .option('--json', 'print JSON')
    .action(async (id: string, flags: ServerFlags & JsonFlag) => {
      const body = await adminApiClient(io, flags).request('POST', `${path(id)}/end`);
      print(io, flags, body, `Conference ${id} ended; everyone was disconnected.\n`);
    });

  return rooms;
}
