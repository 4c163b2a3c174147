/**
 * `pinbridge rooms create|list|show|rotate|delete`: room administration on the data folder
 * `serve` uses, also while it runs. PINs are printed by `create` and `rotate` only, once.
 * Every change writes an audit row (without PINs).
 */
import { Command, InvalidArgumentError } from 'commander';
import { toRoomId } from '../pins/index.js';
import { createRoomWithPins, type StoreErrorCode } from '../store/index.js';
import { CliExit, EXIT, type CliIo, type ExitCode } from './cli-io.js';
import { formatNewPins, formatRoom, formatRoomList, newPinsJson, roomJson } from './format-room.js';
import { openData, type DataFlags, type OpenData } from './open-data.js';
import { roomOptionsFromFlags, withRoomOptionFlags, type RoomOptionFlags } from './room-option-flags.js';

interface JsonFlag {
  readonly json?: boolean;
}

interface CreateFlags extends DataFlags, JsonFlag, RoomOptionFlags {
  readonly id?: string;
  readonly pin?: string;
  readonly hostPin?: string;
  readonly name?: string;
  readonly waitForHost: boolean;
  readonly max?: number;
}

/** Adds `--config` and `--data` to a data command. */
function withDataFlags(command: Command): Command {
  return command
    .option('-c, --config <file>', 'YAML config file (for the data folder and code lengths)')
    .option('-d, --data <dir>', 'data folder (default ./data, or dataDir from the config)');
}

function parseMax(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) < 2 || Number(value) > 10000) {
    throw new InvalidArgumentError('must be an integer between 2 and 10000');
  }
  return Number(value);
}

function parseRoomIdArgument(value: string): string {
  const id = toRoomId(value);
  if (id === undefined) throw new InvalidArgumentError('a conference ID is 8-12 digits');
  return id;
}

function exitFor(code: StoreErrorCode): ExitCode {
  switch (code) {
    case 'room-not-found':
      return EXIT.notFound;
    case 'room-exists':
    case 'pin-rejected':
    case 'invalid-input':
      return EXIT.refused;
    case 'open-failed':
      return EXIT.data;
  }
}

/** Runs `body` with the data folder open, closing it whatever happens. */
function withData<T>(io: CliIo, flags: DataFlags, body: (data: OpenData) => T): T {
  const data = openData(io, flags);
  try {
    return body(data);
  } finally {
    data.close();
  }
}

function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Builds the `rooms` command group. */
export function roomsCommand(io: CliIo): Command {
  const rooms = new Command('rooms').description('create, list, show, rotate and delete conference rooms');

  withRoomOptionFlags(withDataFlags(rooms.command('create')))
    .description('create a room; prints its conference ID and PINs once')
    .option('--id <id>', 'conference ID (8-12 digits; random when omitted)')
    .option('--pin <pin>', 'participant PIN (generated when omitted; checked against the weak-PIN rules)')
    .option('--host-pin <pin>', 'host PIN (generated when omitted; checked against the weak-PIN rules)')
    .option('--name <name>', 'display name')
    .option('--no-wait-for-host', 'let guests talk before a host joins')
    .option('--max <n>', 'maximum participants (2-10000)', parseMax)
    .option('--json', 'print JSON')
    .action((flags: CreateFlags) =>
      withData(io, flags, (data) => {
        const moderation = roomOptionsFromFlags(flags);
        if (!moderation.ok) throw new CliExit(EXIT.refused, moderation.error);
        const created = createRoomWithPins(
          data.store,
          {
            source: 'cli',
            ...(flags.id !== undefined ? { id: flags.id } : {}),
            ...(flags.name !== undefined ? { name: flags.name } : {}),
            ...(flags.pin !== undefined ? { pin: flags.pin } : {}),
            ...(flags.hostPin !== undefined ? { hostPin: flags.hostPin } : {}),
            options: { waitForHost: flags.waitForHost, ...(flags.max !== undefined ? { maxParticipants: flags.max } : {}), ...moderation.value },
          },
          data.settings,
        );
        if (!created.ok) throw new CliExit(exitFor(created.error.code), created.error.message);
        const { room, pins } = created.value;
        if (flags.json === true) printJson(io, newPinsJson(room, pins));
        else io.stdout(formatNewPins('Room created.', room, pins));
      }),
    );

  withRoomOptionFlags(withDataFlags(rooms.command('update')))
    .description('change a room’s name, size or options (a running server applies them to the next conference)')
    .argument('<id>', 'conference ID', parseRoomIdArgument)
    .option('--name <name>', 'display name')
    .option('--wait-for-host', 'guests wait (with music) until a host joins')
    .option('--no-wait-for-host', 'let guests talk before a host joins')
    .option('--max <n>', 'maximum participants (2-10000)', parseMax)
    .option('--json', 'print JSON')
    .action((id: string, flags: DataFlags & JsonFlag & RoomOptionFlags & { name?: string; waitForHost?: boolean; max?: number }) =>
      withData(io, flags, (data) => {
        const moderation = roomOptionsFromFlags(flags);
        if (!moderation.ok) throw new CliExit(EXIT.refused, moderation.error);
        if (flags.name !== undefined && !/^[^\p{Cc}]{1,100}$/u.test(flags.name)) throw new CliExit(EXIT.refused, '--name: must be 1-100 characters without control characters');
        const options = { ...(flags.waitForHost === undefined ? {} : { waitForHost: flags.waitForHost }), ...(flags.max === undefined ? {} : { maxParticipants: flags.max }), ...moderation.value };
        if (flags.name === undefined && Object.keys(options).length === 0) throw new CliExit(EXIT.usage, 'nothing to change: give --name, --max, --wait-for-host or a room option flag');
        const updated = data.store.updateRoom(id, { ...(flags.name === undefined ? {} : { name: flags.name }), options });
        if (!updated.ok) throw new CliExit(exitFor(updated.error.code), updated.error.message);
        data.store.appendAudit({ kind: 'room-updated', roomId: id, outcome: 'success', details: { source: 'cli', fields: [...(flags.name === undefined ? [] : ['name']), ...Object.keys(options)] } });
        if (flags.json === true) printJson(io, roomJson(data.store, updated.value));
        else io.stdout(formatRoom(data.store, updated.value));
      }),
    );

  withDataFlags(rooms.command('list'))
    .description('list rooms (never PINs)')
    .option('--json', 'print JSON')
    .action((flags: DataFlags & JsonFlag) =>
      withData(io, flags, (data) => {
        const all = data.store.listRooms();
        if (flags.json === true) printJson(io, all.map((room) => roomJson(data.store, room)));
        else io.stdout(formatRoomList(data.store, all));
      }),
    );

  withDataFlags(rooms.command('show'))
    .description('show one room and the state of its PINs (never the PINs)')
    .argument('<id>', 'conference ID', parseRoomIdArgument)
    .option('--json', 'print JSON')
    .action((id: string, flags: DataFlags & JsonFlag) =>
      withData(io, flags, (data) => {
        const room = data.store.getRoom(id);
        if (room === undefined) throw new CliExit(EXIT.notFound, `room ${id} does not exist`);
        if (flags.json === true) printJson(io, roomJson(data.store, room));
        else io.stdout(formatRoom(data.store, room));
      }),
    );

  withDataFlags(rooms.command('rotate'))
    .description('replace both PINs of a room; prints the new ones once (a running server uses them at once)')
    .argument('<id>', 'conference ID', parseRoomIdArgument)
    .option('--json', 'print JSON')
    .action((id: string, flags: DataFlags & JsonFlag) =>
      withData(io, flags, (data) => {
        const room = data.store.getRoom(id);
        if (room === undefined) throw new CliExit(EXIT.notFound, `room ${id} does not exist`);
        const rotated = data.store.rotatePins(id, data.settings);
        if (!rotated.ok) throw new CliExit(exitFor(rotated.error.code), rotated.error.message);
        data.store.appendAudit({ kind: 'pins-rotated', roomId: id, outcome: 'success', details: { source: 'cli' } });
        if (flags.json === true) printJson(io, newPinsJson(room, rotated.value));
        else io.stdout(formatNewPins('New PINs set; the old ones no longer work.', room, rotated.value));
      }),
    );

  withDataFlags(rooms.command('delete'))
    .description('delete a room and its PINs (audit rows stay)')
    .argument('<id>', 'conference ID', parseRoomIdArgument)
    .option('--json', 'print JSON')
    .action((id: string, flags: DataFlags & JsonFlag) =>
      withData(io, flags, (data) => {
        if (!data.store.deleteRoom(id)) throw new CliExit(EXIT.notFound, `room ${id} does not exist`);
        data.store.appendAudit({ kind: 'room-deleted', roomId: id, outcome: 'success', details: { source: 'cli' } });
        if (flags.json === true) printJson(io, { id, deleted: true });
        else io.stdout(`Room ${id} deleted.\n`);
      }),
    );

  return rooms;
}
