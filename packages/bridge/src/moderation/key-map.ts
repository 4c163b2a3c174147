/**
 * The in-call keypad: which digit sequence triggers which moderation action, and for whom.
 * The defaults follow PRODUCT.md (the hosted-service layout: `*7` lock, `*8` roll call,
 * `##` end; `*6` self-mute); every room may replace them.
 */

/** Every action a keypad sequence can trigger. */
export type ModerationAction =
  | 'toggle-self-mute'
  | 'toggle-hand'
  | 'help'
  | 'toggle-lock'
  | 'roll-call'
  | 'end-conference'
  | 'toggle-mute-all'
  | 'remove-last-guest'
  | 'toggle-recording'
  | 'give-floor'
  | 'toggle-lecture-mode';

/** The role a caller joined with (set by the PIN path it took). */
export type ParticipantRole = 'guest' | 'host';

/** One keypad binding. */
export interface KeyBinding {
  readonly sequence: string;
  readonly action: ModerationAction;
  readonly roles: readonly ParticipantRole[];
}

/** A validated key map: sequence → binding. */
export type KeyMap = ReadonlyMap<string, KeyBinding>;

const ALL_ROLES: readonly ParticipantRole[] = ['guest', 'host'];
const HOST_ONLY: readonly ParticipantRole[] = ['host'];

/** Which roles may use each action by default (a room's map may only narrow this for guests). */
export const ACTION_ROLES: Readonly<Record<ModerationAction, readonly ParticipantRole[]>> = {
  'toggle-self-mute': ALL_ROLES,
  'toggle-hand': ALL_ROLES,
  help: ALL_ROLES,
  'toggle-lock': HOST_ONLY,
  'roll-call': HOST_ONLY,
  'end-conference': HOST_ONLY,
  'toggle-mute-all': HOST_ONLY,
  'remove-last-guest': HOST_ONLY,
  'toggle-recording': HOST_ONLY,
  'give-floor': HOST_ONLY,
  'toggle-lecture-mode': HOST_ONLY,
};

/** The default sequences of PRODUCT.md's key map. */
export const DEFAULT_SEQUENCES: Readonly<Record<ModerationAction, string>> = {
  'toggle-self-mute': '*6',
  'toggle-hand': '*9',
  help: '*0',
  'toggle-lock': '*7',
  'roll-call': '*8',
  'end-conference': '##',
  'toggle-mute-all': '*5',
  'remove-last-guest': '*3',
  'toggle-recording': '*2',
  'give-floor': '*1',
  'toggle-lecture-mode': '*4',
};

const SEQUENCE_PATTERN = /^[0-9*#]{2,4}$/;

/** Why a configured key map was refused; `field` names the offending entry. */
export class KeyMapError extends Error {
  override readonly name = 'KeyMapError';
  constructor(
    readonly code: 'unknown-action' | 'bad-sequence' | 'duplicate-sequence' | 'prefix-conflict',
    readonly field: string,
    detail: string,
  ) {
    super(`keyMap.${field}: ${detail}`);
  }
}

export type KeyMapResult = { ok: true; value: KeyMap } | { ok: false; error: KeyMapError };

/**
 * Builds a key map from action → sequence overrides on top of the defaults.
 * A sequence must be 2-4 keypad symbols, unique, and never a prefix of another one
 * (otherwise the shorter one could never wait for the longer).
 */
export function buildKeyMap(overrides: Readonly<Record<string, unknown>> = {}): KeyMapResult {
  const sequences: Record<string, string> = { ...DEFAULT_SEQUENCES };
  for (const [action, sequence] of Object.entries(overrides)) {
    if (!(action in ACTION_ROLES)) {
      return { ok: false, error: new KeyMapError('unknown-action', action, `unknown action "${escapeForMessage(action)}"`) };
    }
    if (typeof sequence !== 'string' || !SEQUENCE_PATTERN.test(sequence)) {
      return { ok: false, error: new KeyMapError('bad-sequence', action, 'must be 2-4 keypad symbols (0-9, *, #)') };
    }
    sequences[action] = sequence;
  }
  const map = new Map<string, KeyBinding>();
  for (const [action, sequence] of Object.entries(sequences) as Array<[ModerationAction, string]>) {
    if (map.has(sequence)) {
      return { ok: false, error: new KeyMapError('duplicate-sequence', action, `sequence ${sequence} is already bound`) };
    }
    map.set(sequence, { sequence, action, roles: ACTION_ROLES[action] });
  }
  for (const a of map.keys()) {
    for (const b of map.keys()) {
      if (a !== b && b.startsWith(a)) {
        const action = map.get(a)?.action ?? a;
        return { ok: false, error: new KeyMapError('prefix-conflict', action, `sequence ${a} is a prefix of ${b}`) };
      }
    }
  }
  return { ok: true, value: map };
}

/** The default key map; building it cannot fail. */
export function defaultKeyMap(): KeyMap {
  const built = buildKeyMap();
  if (!built.ok) throw built.error;
  return built.value;
}

/** The bindings a role may use, in keypad order, for the `*0` help prompt. */
export function bindingsForRole(map: KeyMap, role: ParticipantRole): KeyBinding[] {
  return [...map.values()].filter((b) => b.roles.includes(role)).sort((a, b) => a.sequence.localeCompare(b.sequence));
}

function escapeForMessage(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 40);
}
