/**
 * Operator actions of the abuse policy over the store, shared by the CLI (`pinbridge
 * rooms lock|unlock|schedule`, `pins one-time …`, `block …`, `audit`, `report`) and the
 * admin API (`/policy/…`). Each parses its input once and answers `Result<T, string>`: the
 * string is the reason the CLI prints and the API returns with a 400. The store is the
 * shared state: the running server reads blocks, one-time PINs, room locks and schedules
 * from it (blocks within a second, the rest at the next PIN entry). Every change is
 * audited; one-time PINs are shown once, at minting, and stored as HMACs only.
 */
import { err, ok, type Result } from '../config/index.js';
import { generatePin, toRoomId } from '../pins/index.js';
import { failuresByHourOfDay, failuresBySource, type AttemptAuditEvent, type PolicyConfig, type RoomSchedule } from '../policy/index.js';
import type { AuditRecord, BlockKind, BlockRecord, OneTimePinRecord, RoomStore } from '../store/index.js';

const DURATION = /^([0-9]{1,6})(s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `2h`, `7d` → milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2]] ?? 0);
}

/** An ISO time, or a duration meaning "that long ago" (`from: 24h`). */
export function parseTimeMs(text: string, nowMs: number, pastIfDuration = true): number | undefined {
  const duration = parseDurationMs(text);
  if (duration !== undefined) return pastIfDuration ? nowMs - duration : nowMs + duration;
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function roomOf(store: RoomStore, roomId: string): Result<string, string> {
  const id = toRoomId(roomId);
  if (id === undefined) return err('a conference ID is 8-12 digits');
  if (store.getRoom(id) === undefined) return err(`room ${id} does not exist`);
  return ok(id);
}

/** `rooms lock`: PIN entry refused for everyone until unlocked (connected callers stay). */
export function lockRoomEntry(store: RoomStore, roomId: string, actor: string): Result<{ roomId: string; entryLocked: true }, string> {
  const room = roomOf(store, roomId);
  if (!room.ok) return room;
  store.updateRoom(room.value, { options: { entryLocked: true } });
  store.appendAudit({ kind: 'moderation', roomId: room.value, outcome: 'entry-locked', details: { actor } });
  return ok({ roomId: room.value, entryLocked: true });
}

/** `rooms unlock`: lifts the operator lock and the policy's automatic room lock. */
export function unlockRoomEntry(store: RoomStore, roomId: string, actor: string, nowMs: number): Result<{ roomId: string; entryLocked: false }, string> {
  const room = roomOf(store, roomId);
  if (!room.ok) return room;
  store.updateRoom(room.value, { options: { entryLocked: false, entryUnlockedAt: new Date(nowMs).toISOString() } });
  store.appendAudit({ kind: 'moderation', roomId: room.value, outcome: 'entry-unlocked', details: { actor } });
  return ok({ roomId: room.value, entryLocked: false });
}

/**
 * Parses a schedule: `always`, `{ kind: windows, windows: [{ start, end }] }` (ISO times)
 * or `{ kind: weekly, utcOffsetMinutes, slots: [{ dayOfWeek, startMinute, endMinute }] }`.
 */
export function parseSchedule(raw: unknown): Result<RoomSchedule, string> {
  if (raw === 'always') return ok({ kind: 'always' });
  if (typeof raw !== 'object' || raw === null) return err('schedule must be "always" or an object with kind windows or weekly');
  const value = raw as Record<string, unknown>;
  if (value['kind'] === 'always') return ok({ kind: 'always' });
  if (value['kind'] === 'windows') {
    const windows = value['windows'];
    if (!Array.isArray(windows) || windows.length === 0 || windows.length > 1000) return err('schedule.windows must list 1-1000 { start, end } windows');
    const parsed: Array<{ startMs: number; endMs: number }> = [];
    for (const [i, w] of windows.entries()) {
      const start = typeof w === 'object' && w !== null && typeof (w as Record<string, unknown>)['start'] === 'string' ? Date.parse((w as Record<string, string>)['start'] ?? '') : NaN;
      const end = typeof w === 'object' && w !== null && typeof (w as Record<string, unknown>)['end'] === 'string' ? Date.parse((w as Record<string, string>)['end'] ?? '') : NaN;
      if (Number.isNaN(start) || Number.isNaN(end)) return err(`schedule.windows[${i}]: start and end must be ISO times`);
      if (end <= start) return err(`schedule.windows[${i}]: end must be after start`);
      parsed.push({ startMs: start, endMs: end });
    }
    return ok({ kind: 'windows', windows: parsed });
  }
  if (value['kind'] === 'weekly') {
    const offset = value['utcOffsetMinutes'] ?? 0;
    if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > 14 * 60) return err('schedule.utcOffsetMinutes must be an integer within ±840');
    const slots = value['slots'];
    if (!Array.isArray(slots) || slots.length === 0 || slots.length > 100) return err('schedule.slots must list 1-100 slots');
    const parsed: Array<{ dayOfWeek: number; startMinute: number; endMinute: number }> = [];
    for (const [i, s] of slots.entries()) {
      const slot = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
      const day = slot['dayOfWeek'];
      const start = slot['startMinute'];
      const end = slot['endMinute'];
      const isInt = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
      if (!isInt(day, 0, 6) || !isInt(start, 0, 1439) || !isInt(end, 1, 2880) || end <= start) return err(`schedule.slots[${i}]: dayOfWeek 0-6, startMinute 0-1439, endMinute after it (≤ 2880)`);
      parsed.push({ dayOfWeek: day, startMinute: start, endMinute: end });
    }
    return ok({ kind: 'weekly', slots: parsed, utcOffsetMinutes: offset });
  }
  return err('schedule.kind must be always, windows or weekly');
}

/** Stores a room's schedule (`always` clears it). */
export function setRoomSchedule(store: RoomStore, roomId: string, raw: unknown, actor: string): Result<{ roomId: string; schedule: RoomSchedule }, string> {
  const room = roomOf(store, roomId);
  if (!room.ok) return room;
  const schedule = parseSchedule(raw);
  if (!schedule.ok) return schedule;
  store.updateRoom(room.value, { options: { schedule: schedule.value } });
  store.appendAudit({ kind: 'room-updated', roomId: room.value, outcome: 'schedule-set', details: { actor, schedule: schedule.value.kind } });
  return ok({ roomId: room.value, schedule: schedule.value });
}

/** Shortest and longest scheduled rotation interval. */
const MIN_ROTATION_MS = 60 * 60_000;
const MAX_ROTATION_MS = 3650 * 86_400_000;

/**
 * `rooms schedule-rotation`: new PINs every `every` (`30d`, `12h`; default the config's
 * `policy.rotation.intervalMs`), or `off`. The running server rotates due rooms on a timer
 * and leaves the new PINs for `rooms pending-pins`.
 */
export function setRotationSchedule(
  store: RoomStore,
  roomId: string,
  every: string | undefined,
  settings: { readonly defaultIntervalMs: number; readonly actor: string },
): Result<{ roomId: string; rotationIntervalMs: number | null }, string> {
  const room = roomOf(store, roomId);
  if (!room.ok) return room;
  let intervalMs: number | null;
  if (every === 'off') intervalMs = null;
  else {
    const parsed = every === undefined ? settings.defaultIntervalMs : parseDurationMs(every);
    if (parsed === undefined) return err('every must be a duration such as 30d or 12h, or off');
    if (parsed < MIN_ROTATION_MS || parsed > MAX_ROTATION_MS) return err('every must be between 1h and 3650d');
    intervalMs = parsed;
  }
  store.updateRoom(room.value, { options: { rotationIntervalMs: intervalMs } });
  store.appendAudit({ kind: 'room-updated', roomId: room.value, outcome: intervalMs === null ? 'rotation-off' : 'rotation-scheduled', details: { actor: settings.actor, rotationIntervalMs: intervalMs } });
  return ok({ roomId: room.value, rotationIntervalMs: intervalMs });
}

/** A minted one-time PIN: `pin` is shown this once. */
export interface MintedOneTimePin {
  readonly pin: string;
  readonly record: OneTimePinRecord;
}

/** `pins one-time mint`: a PIN valid from `start − earlyJoin` to `end + lateJoin` for `maxUses` callers. */
export function mintOneTimePin(
  store: RoomStore,
  input: { readonly roomId: string; readonly start: string; readonly end: string; readonly name?: string; readonly maxUses?: number; readonly actor: string },
  settings: { readonly pinLength: number; readonly policy: PolicyConfig; readonly nowMs: number },
): Result<MintedOneTimePin, string> {
  const room = roomOf(store, input.roomId);
  if (!room.ok) return room;
  const startMs = parseTimeMs(input.start, settings.nowMs, false);
  const endMs = parseTimeMs(input.end, settings.nowMs, false);
  if (startMs === undefined) return err('start must be an ISO time or a duration from now such as 10m');
  if (endMs === undefined) return err('end must be an ISO time or a duration from now such as 2h');
  if (endMs <= startMs) return err('end must be after start');
  const maxUses = input.maxUses ?? settings.policy.oneTimePins.maxUses;
  if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 10_000) return err('maxUses must be an integer between 1 and 10000');
  if (input.name !== undefined && !/^[^\p{Cc}]{1,100}$/u.test(input.name)) return err('name must be 1-100 characters without control characters');
  const length = store.getPinStatus(room.value, 'participant')?.pinLength ?? settings.pinLength;
  let pin: string | undefined;
  for (let draw = 0; draw < 20 && pin === undefined; draw++) {
    // The same prompt accepts the room PIN and every one-time PIN: none may equal or prefix another (C5, C6).
    const candidate = generatePin(length, { roomId: room.value });
    if (store.validateRoomPin(room.value, 'participant', candidate, { length }).ok) pin = candidate;
  }
  if (pin === undefined) return err('could not draw a PIN that passes the rules; try again');
  const created = store.createOneTimePin({
    roomId: room.value,
    pin,
    ...(input.name === undefined ? {} : { inviteeName: input.name }),
    validFrom: new Date(startMs - settings.policy.oneTimePins.earlyJoinMs),
    validUntil: new Date(endMs + settings.policy.oneTimePins.lateJoinMs),
    maxUses,
  });
  if (!created.ok) return err(created.error.message);
  store.appendAudit({ kind: 'one-time-pin-created', roomId: room.value, pinLength: pin.length, details: { actor: input.actor, id: created.value.id, maxUses } });
  return ok({ pin, record: created.value });
}

/** One-time PINs of a room, with their state at `nowMs`. */
export function listOneTimePins(store: RoomStore, roomId: string, nowMs: number): Result<Array<OneTimePinRecord & { status: string }>, string> {
  const room = roomOf(store, roomId);
  if (!room.ok) return room;
  const at = new Date(nowMs).toISOString();
  return ok(
    store.listOneTimePins(room.value).map((r) => ({
      ...r,
      status: r.isRevoked ? 'revoked' : r.uses >= r.maxUses ? 'used-up' : at < r.validFrom ? 'pending' : at >= r.validUntil ? 'expired' : 'active',
    })),
  );
}

/** `pins one-time revoke`. */
export function revokeOneTimePin(store: RoomStore, id: string, actor: string): Result<{ id: number; revoked: true }, string> {
  if (!/^[0-9]{1,12}$/.test(id)) return err('a one-time PIN id is a number');
  const record = store.getOneTimePin(Number(id));
  if (record === undefined || !store.revokeOneTimePin(Number(id))) return err(`no live one-time PIN has id ${id}`);
  store.appendAudit({ kind: 'one-time-pin-revoked', roomId: record.roomId, details: { actor, id: record.id } });
  return ok({ id: record.id, revoked: true });
}

/** `block add`: an IP, a CIDR range or a caller ID, with an optional expiry (`2h`, or an ISO time). */
export function addBlock(store: RoomStore, input: { readonly value: string; readonly expires?: string; readonly reason?: string; readonly actor: string }, nowMs: number): Result<BlockRecord, string> {
  const value = input.value.trim();
  let kind: BlockKind;
  if (/^\+?[0-9][0-9 ().-]{2,20}$/.test(value) && !/^[0-9]{1,3}(\.[0-9]{1,3}){3}/.test(value)) kind = 'caller-id';
  else if (value.includes('/')) kind = 'cidr';
  else kind = 'ip';
  if (kind !== 'caller-id' && !isIpOrCidr(value)) return err('value must be an IP address, a CIDR range such as 203.0.113.0/24, or a caller ID such as +15551234567');
  let expiresAt: Date | undefined;
  if (input.expires !== undefined) {
    const at = parseTimeMs(input.expires, nowMs, false);
    if (at === undefined || at <= nowMs) return err('expires must be a duration such as 2h or a future ISO time');
    expiresAt = new Date(at);
  }
  const reason = input.reason ?? 'operator';
  if (!/^[^\p{Cc}]{1,200}$/u.test(reason)) return err('reason must be 1-200 characters without control characters');
  const block = store.addBlock({ kind, value: kind === 'caller-id' ? value.replace(/[^0-9+]/g, '') : value, ...(expiresAt === undefined ? {} : { expiresAt }), reason });
  store.appendAudit({ kind: 'block-added', ...(kind === 'caller-id' ? { callerId: block.value } : { sourceIp: block.value }), reason, details: { actor: input.actor, id: block.id, blockKind: kind, expiresAt: block.expiresAt ?? null } });
  return ok(block);
}

function isIpOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  const isV4 = /^([0-9]{1,3})(\.[0-9]{1,3}){3}$/.test(address) && address.split('.').every((p) => Number(p) <= 255);
  const isV6 = /^[0-9a-fA-F:.]+$/.test(address) && address.includes(':');
  if (!isV4 && !isV6) return false;
  return prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (isV4 ? 32 : 128));
}

/** `block remove`. */
export function removeBlock(store: RoomStore, id: string, actor: string): Result<{ id: number; removed: true }, string> {
  if (!/^[0-9]{1,12}$/.test(id)) return err('a block id is a number');
  if (!store.removeBlock(Number(id))) return err(`no block has id ${id}`);
  store.appendAudit({ kind: 'block-removed', details: { actor, id: Number(id) } });
  return ok({ id: Number(id), removed: true });
}

/** Filters of `audit` and `report`, as typed (strings). */
export interface AuditFilter {
  readonly from?: string;
  readonly to?: string;
  readonly roomId?: string;
  readonly kind?: string;
  readonly limit?: string | number;
}

/** `audit`: rows newest first. */
export function queryAudit(store: RoomStore, filter: AuditFilter, nowMs: number): Result<AuditRecord[], string> {
  const from = filter.from === undefined ? undefined : parseTimeMs(filter.from, nowMs);
  const to = filter.to === undefined ? undefined : parseTimeMs(filter.to, nowMs);
  if (filter.from !== undefined && from === undefined) return err('from must be an ISO time or a duration ago such as 24h');
  if (filter.to !== undefined && to === undefined) return err('to must be an ISO time or a duration ago such as 1h');
  if (filter.roomId !== undefined && toRoomId(filter.roomId) === undefined) return err('roomId must be 8-12 digits');
  if (filter.kind !== undefined && !/^[a-z][a-z-]{0,40}$/.test(filter.kind)) return err('kind must be a kebab-case audit kind such as pin-attempt');
  const limit = filter.limit === undefined ? 100 : Number(filter.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return err('limit must be an integer between 1 and 10000');
  return ok(
    store.queryAudit({
      ...(from === undefined ? {} : { from: new Date(from) }),
      ...(to === undefined ? {} : { to: new Date(to) }),
      ...(filter.roomId === undefined ? {} : { roomId: filter.roomId }),
      ...(filter.kind === undefined ? {} : { kind: filter.kind }),
      limit,
    }),
  );
}

/** A failures report for a time range (default: the last 24 h). */
export interface FailureReport {
  readonly from: string;
  readonly to: string;
  readonly failures: number;
  readonly bySource: ReadonlyArray<{ readonly sourceIp: string; readonly failures: number }>;
  readonly byHourOfDayUtc: readonly number[];
}

/** `report`: failed PIN entries by source and by UTC hour of day. */
export function failureReport(store: RoomStore, filter: { readonly from?: string; readonly to?: string }, nowMs: number): Result<FailureReport, string> {
  const rows = queryAudit(store, { from: filter.from ?? '24h', ...(filter.to === undefined ? {} : { to: filter.to }), kind: 'pin-attempt', limit: 10_000 }, nowMs);
  if (!rows.ok) return rows;
  const fromMs = parseTimeMs(filter.from ?? '24h', nowMs) ?? nowMs;
  const toMs = filter.to === undefined ? nowMs + 1 : (parseTimeMs(filter.to, nowMs) ?? nowMs);
  const events: AttemptAuditEvent[] = rows.value
    .filter((r) => r.outcome === 'failure')
    .map((r) => ({
      event: 'attempt',
      at: Date.parse(r.at),
      callIdHash: r.callIdHash ?? '',
      roomId: r.roomId ?? '',
      rolePath: r.rolePath === 'host' ? 'host' : 'participant',
      sourceIp: r.sourceIp ?? '',
      callerId: '',
      attempt: r.attempt ?? 0,
      outcome: 'failure',
      reason: r.reason ?? '',
      pinLength: r.pinLength ?? 0,
      pin: '[REDACTED]',
    }));
  const range = { fromMs, toMs };
  return ok({ from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString(), failures: events.length, bySource: failuresBySource(events, range), byHourOfDayUtc: failuresByHourOfDay(events, range) });
}
