/**
 * Text and JSON renderings of rooms for the terminal. PINs appear only in
 * {@link formatNewPins} (create and rotate); `show` and `list` print PIN status only.
 * Names are escaped: an API client could have put terminal escapes in them.
 */
import { escapeForLog } from '../logging/index.js';
import type { PinStatus, RoomPins, RoomRecord, RoomStore } from '../store/index.js';

/** The JSON shape of a room for `--json` (no PINs). */
export function roomJson(store: RoomStore, room: RoomRecord): Record<string, unknown> {
  return {
    id: room.id,
    name: room.name,
    options: room.options,
    source: room.source,
    createdAt: room.createdAt,
    pins: {
      participant: pinStatusJson(store.getPinStatus(room.id, 'participant')),
      host: pinStatusJson(store.getPinStatus(room.id, 'host')),
    },
  };
}

function pinStatusJson(status: PinStatus | undefined): Record<string, unknown> | null {
  if (status === undefined) return null;
  return { length: status.pinLength, setAt: status.setAt, failuresSinceSet: status.failuresSinceSet, disabled: status.isDisabled };
}

function pinStatusText(status: PinStatus | undefined): string {
  if (status === undefined) return 'not set';
  const state = status.isDisabled ? 'DISABLED (rotate to re-enable)' : 'active';
  return `${status.pinLength} digits, ${state}, set ${status.setAt}, ${status.failuresSinceSet} failures since`;
}

/** `rooms show` text. */
export function formatRoom(store: RoomStore, room: RoomRecord): string {
  const extra = Object.entries(room.options).filter(([key]) => key !== 'waitForHost' && key !== 'maxParticipants');
  return [
    `conference ID     ${room.id}`,
    `name              ${escapeForLog(room.name)}`,
    `wait for host     ${room.options.waitForHost ? 'yes' : 'no'}`,
    `max participants  ${room.options.maxParticipants}`,
    ...extra.map(([key, value]) => `${`${key}`.padEnd(18)}${escapeForLog(JSON.stringify(value))}`),
    `created           ${room.createdAt} (${room.source})`,
    `participant PIN   ${pinStatusText(store.getPinStatus(room.id, 'participant'))}`,
    `host PIN          ${pinStatusText(store.getPinStatus(room.id, 'host'))}`,
    '',
  ].join('\n');
}

/** `rooms list` text: one line per room. */
export function formatRoomList(store: RoomStore, rooms: readonly RoomRecord[]): string {
  if (rooms.length === 0) return 'No rooms. Create one with `pinbridge rooms create`.\n';
  const header = `${'ID'.padEnd(13)}${'WAIT'.padEnd(6)}${'MAX'.padEnd(6)}${'PINS'.padEnd(10)}NAME`;
  const lines = rooms.map((room) => {
    const participant = store.getPinStatus(room.id, 'participant');
    const host = store.getPinStatus(room.id, 'host');
    const pins = participant === undefined || host === undefined ? 'missing' : participant.isDisabled || host.isDisabled ? 'disabled' : 'set';
    return `${room.id.padEnd(13)}${(room.options.waitForHost ? 'yes' : 'no').padEnd(6)}${String(room.options.maxParticipants).padEnd(6)}${pins.padEnd(10)}${escapeForLog(room.name, 60)}`;
  });
  return `${[header, ...lines].join('\n')}\n`;
}

/** The one-time display of new PINs (create, rotate). */
export function formatNewPins(title: string, room: RoomRecord, pins: RoomPins): string {
  return [
    title,
    `  conference ID  ${room.id}`,
    `  name           ${escapeForLog(room.name)}`,
    `  PIN            ${pins.pin}`,
    `  host PIN       ${pins.hostPin}   (callers press * first, then the host PIN)`,
    '',
    'These PINs are shown only this once: only their keyed hashes are stored.',
    `To replace them: pinbridge rooms rotate ${room.id}`,
    '',
  ].join('\n');
}

/** JSON for create/rotate: the room plus its new PINs. */
export function newPinsJson(room: RoomRecord, pins: RoomPins): Record<string, unknown> {
  return { id: room.id, name: room.name, options: room.options, createdAt: room.createdAt, pin: pins.pin, hostPin: pins.hostPin };
}
