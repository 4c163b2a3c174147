/**
 * The per-room moderation options (issue 7 "Room behaviour"), read from the store's room
 * record (`options` JSON, next to `waitForHost` and `maxParticipants`). Each field is
 * optional; a field with a bad value is reported by name and its default is used, so one
 * typo never takes a live room down.
 *
 * | option | type | default |
 * |---|---|---|
 * | `announce` | `tone` \| `name` \| `none` | `tone` |
 * | `recordNames` | boolean: "say your name" at join | false |
 * | `autoLock` / `autoRecord` | boolean: when the first host joins | false |
 * | `endWhenHostLeaves` | boolean: automatic host hangup | false |
 * | `hostGraceMs` | 0 … 1 h | 0 |
 * | `noHostTimeoutMs` | 1 s … 24 h | 15 min |
 * | `maxCallDurationMs` | 1 s … 48 h | 12 h |
 * | `keyMap` | `{ action: sequence }` overrides | PRODUCT.md's map |
 */
import {
  DEFAULT_MAX_CALL_DURATION_MS,
  DEFAULT_NO_HOST_TIMEOUT_MS,
  buildKeyMap,
  defaultKeyMap,
  type AnnouncementMode,
  type KeyMap,
} from '../moderation/index.js';

/** The parsed options of one room. */
export interface RoomModerationOptions {
  readonly announce: AnnouncementMode;
  readonly recordNames: boolean;
  readonly autoLock: boolean;
  readonly autoRecord: boolean;
  readonly endWhenHostLeaves: boolean;
  readonly hostGraceMs: number;
  readonly noHostTimeoutMs: number;
  readonly maxCallDurationMs: number;
  readonly keyMap: KeyMap;
}

/** One refused field: `field` is its name in the room's options. */
export interface RoomOptionProblem {
  readonly field: string;
  readonly message: string;
}

/** Defaults for a room that sets nothing. */
export const DEFAULT_ROOM_MODERATION: RoomModerationOptions = {
  announce: 'tone',
  recordNames: false,
  autoLock: false,
  autoRecord: false,
  endWhenHostLeaves: false,
  hostGraceMs: 0,
  noHostTimeoutMs: DEFAULT_NO_HOST_TIMEOUT_MS,
  maxCallDurationMs: DEFAULT_MAX_CALL_DURATION_MS,
  keyMap: defaultKeyMap(),
};

const HOUR_MS = 3_600_000;

/** Reads the moderation options out of a room's `options` record. */
export function parseRoomModerationOptions(options: Readonly<Record<string, unknown>> | undefined): {
  readonly value: RoomModerationOptions;
  readonly problems: readonly RoomOptionProblem[];
} {
  const problems: RoomOptionProblem[] = [];
  const source = options ?? {};
  const flag = (field: string, fallback: boolean): boolean => {
    const raw = source[field];
    if (raw === undefined) return fallback;
    if (typeof raw === 'boolean') return raw;
    problems.push({ field, message: 'must be true or false' });
    return fallback;
  };
  const duration = (field: string, fallback: number, minMs: number, maxMs: number): number => {
    const raw = source[field];
    if (raw === undefined) return fallback;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= minMs && raw <= maxMs) return raw;
    problems.push({ field, message: `must be an integer number of milliseconds between ${minMs} and ${maxMs}` });
    return fallback;
  };
  let announce: AnnouncementMode = DEFAULT_ROOM_MODERATION.announce;
  const rawAnnounce = source['announce'];
  if (rawAnnounce === 'tone' || rawAnnounce === 'name' || rawAnnounce === 'none') announce = rawAnnounce;
  else if (rawAnnounce !== undefined) problems.push({ field: 'announce', message: 'must be "tone", "name" or "none"' });
  let keyMap = DEFAULT_ROOM_MODERATION.keyMap;
  const rawKeyMap = source['keyMap'];
  if (rawKeyMap !== undefined) {
    if (typeof rawKeyMap !== 'object' || rawKeyMap === null || Array.isArray(rawKeyMap)) {
      problems.push({ field: 'keyMap', message: 'must map actions to key sequences' });
    } else {
      const built = buildKeyMap(rawKeyMap as Record<string, unknown>);
      if (built.ok) keyMap = built.value;
      else problems.push({ field: built.error.field === '' ? 'keyMap' : `keyMap.${built.error.field}`, message: built.error.message });
    }
  }
  return {
    value: {
      announce,
      recordNames: flag('recordNames', false),
      autoLock: flag('autoLock', false),
      autoRecord: flag('autoRecord', false),
      endWhenHostLeaves: flag('endWhenHostLeaves', false),
      hostGraceMs: duration('hostGraceMs', 0, 0, HOUR_MS),
      noHostTimeoutMs: duration('noHostTimeoutMs', DEFAULT_NO_HOST_TIMEOUT_MS, 1000, 24 * HOUR_MS),
      maxCallDurationMs: duration('maxCallDurationMs', DEFAULT_MAX_CALL_DURATION_MS, 1000, 48 * HOUR_MS),
      keyMap,
    },
    problems,
  };
}
