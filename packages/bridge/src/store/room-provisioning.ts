/**
 * Creating rooms together with their PINs: the CLI's `rooms create`, the rooms of the config
 * file, and the demo room `serve` makes on first start. PINs are either generated (blocklist
 * enforced) or operator-chosen (validated, refused with the rule's reason); either way they
 * are returned once and only their hashes are kept.
 */
import { err, ok, type Result } from '../config/bridge-error.js';
import type { ConfigRoom, IvrConfig } from '../config/index.js';
import { DEFAULT_MAX_PARTICIPANTS } from '../config/index.js';
import { PIN_REJECTION_REASONS, generatePin, generateRoomId, toRoomId, type Pin, type PinRejection } from '../pins/index.js';
import type { RoomOptions, RoomPins, RoomRecord, RoomSource, RoomStore } from './room-store.js';
import { StoreError } from './store-error.js';

/** Code lengths and C4 numbers, usually taken from `BridgeConfig.ivr` and the trunk DIDs. */
export interface ProvisioningSettings {
  readonly roomIdLength: number;
  readonly pinLength: number;
  readonly hostPinLength: number;
  /** DIDs and owner numbers (rule C4). */
  readonly phoneNumbers?: readonly string[];
}

/** What {@link createRoomWithPins} needs; everything but `source` has a default. */
export interface RoomRequest {
  /** A chosen room ID (8-12 digits); random when absent. */
  readonly id?: string;
  readonly name?: string;
  readonly options?: Partial<RoomOptions>;
  readonly source: RoomSource;
  /** Operator-chosen participant PIN; generated when absent. */
  readonly pin?: string;
  /** Operator-chosen host PIN; generated when absent. */
  readonly hostPin?: string;
}

/** A created room and its PINs in clear (print them once). */
export interface ProvisionedRoom {
  readonly room: RoomRecord;
  readonly pins: RoomPins;
}

/** The settings `BridgeConfig` implies. */
export function provisioningSettings(ivr: Pick<IvrConfig, 'roomIdLength' | 'pinLength' | 'hostPinLength'>, phoneNumbers: readonly string[] = []): ProvisioningSettings {
  return { roomIdLength: ivr.roomIdLength, pinLength: ivr.pinLength, hostPinLength: ivr.hostPinLength, phoneNumbers };
}

/**
 * Creates a room and sets both PINs. Chosen PINs are validated first (nothing is written
 * when one is refused): they must have the configured lengths (SECURITY.md "Entry flow":
 * fixed lengths), pass R1-R8 and C1-C4, and the host PIN is checked against the
 * participant PIN (rule C3).
 */
export function createRoomWithPins(store: RoomStore, request: RoomRequest, settings: ProvisioningSettings): Result<ProvisionedRoom, StoreError> {
  let id: string;
  if (request.id !== undefined) {
    const parsed = toRoomId(request.id);
    if (parsed === undefined) return err(new StoreError('invalid-input', 'a room ID must be 8-12 digits'));
    if (store.getRoom(parsed) !== undefined) return err(new StoreError('room-exists', `room ${parsed} already exists`));
    id = parsed;
  } else {
    id = generateRoomId(settings.roomIdLength, (candidate) => store.getRoom(candidate) !== undefined);
  }
  const phoneNumbers = settings.phoneNumbers ?? [];
  let chosenPin: Pin | undefined;
  if (request.pin !== undefined) {
    const checked = store.validateRoomPin(id, 'participant', request.pin, { phoneNumbers, length: settings.pinLength });
    if (!checked.ok) return err(refusal('participant', checked.error, settings.pinLength));
    chosenPin = checked.value;
  }
  let chosenHostPin: Pin | undefined;
  if (request.hostPin !== undefined) {
    const checked = store.validateRoomPin(id, 'host', request.hostPin, {
      phoneNumbers,
      length: settings.hostPinLength,
      ...(chosenPin !== undefined ? { otherRolePin: chosenPin } : {}),
    });
    if (!checked.ok) return err(refusal('host', checked.error, settings.hostPinLength));
    chosenHostPin = checked.value;
  }
  // A new room has no PIN history and no one-time PINs yet: C1-C4 are the rules that apply.
  const pin = chosenPin ?? generatePin(settings.pinLength, { roomId: id, phoneNumbers, ...(chosenHostPin !== undefined ? { otherRolePin: chosenHostPin } : {}) });
  const hostPin = chosenHostPin ?? generatePin(settings.hostPinLength, { roomId: id, phoneNumbers, otherRolePin: pin });
  const options: RoomOptions = { waitForHost: true, maxParticipants: DEFAULT_MAX_PARTICIPANTS, ...request.options };
  const created = store.createRoom({ id, name: request.name ?? `Room ${id}`, options, source: request.source });
  if (!created.ok) return created;
  store.setPin(id, 'participant', pin);
  store.setPin(id, 'host', hostPin);
  store.appendAudit({ kind: 'room-created', roomId: id, outcome: 'success', details: { source: request.source, chosenPins: chosenPin !== undefined || chosenHostPin !== undefined } });
  return ok({ room: created.value, pins: { pin, hostPin } });
}

/** A `pin-rejected` error whose message names the role and the rule, never the digits. */
function refusal(role: 'participant' | 'host', rejection: PinRejection, length: number): StoreError {
  const reason = rejection.code === 'wrong-length' ? `it must have exactly ${length} digits` : PIN_REJECTION_REASONS[rejection.code];
  return new StoreError('pin-rejected', `${role} PIN refused: ${reason}`, { cause: rejection });
}

/**
 * First start (PRODUCT.md "With no config it starts on safe defaults, creates a demo room,
 * and prints how to dial it"): when the store has no rooms at all, creates one and returns
 * it with its PINs; otherwise returns undefined, so the PINs are printed exactly once.
 */
export function ensureDemoRoom(store: RoomStore, settings: ProvisioningSettings): ProvisionedRoom | undefined {
  if (store.listRooms().length > 0) return undefined;
  const created = createRoomWithPins(store, { name: 'Demo room', source: 'demo' }, settings);
  if (!created.ok) throw created.error;
  return created.value;
}

/** Outcome per config room: created now (with PINs to print once), updated, or unchanged. */
export type ConfigRoomOutcome =
  | { readonly kind: 'created'; readonly provisioned: ProvisionedRoom }
  | { readonly kind: 'updated' | 'unchanged'; readonly room: RoomRecord };

/**
 * Makes the store hold every room of the config file: missing ones are created with
 * generated PINs, existing ones get the config's name and options (PINs untouched).
 * Rooms created by other means are left alone.
 */
export function provisionConfigRooms(store: RoomStore, rooms: readonly ConfigRoom[], settings: ProvisioningSettings): Result<ConfigRoomOutcome[], StoreError> {
  const outcomes: ConfigRoomOutcome[] = [];
  for (const room of rooms) {
    const options = { waitForHost: room.waitForHost, maxParticipants: room.maxParticipants, ...room.moderation };
    const existing = store.getRoom(room.id);
    if (existing === undefined) {
      const created = createRoomWithPins(store, { id: room.id, name: room.name, options, source: 'config' }, settings);
      if (!created.ok) return created;
      outcomes.push({ kind: 'created', provisioned: created.value });
      continue;
    }
    const same = existing.name === room.name && Object.entries(options).every(([key, value]) => existing.options[key] === value);
    if (same) {
      outcomes.push({ kind: 'unchanged', room: existing });
      continue;
    }
    const updated = store.updateRoom(room.id, { name: room.name, options });
    if (!updated.ok) return updated;
    outcomes.push({ kind: 'updated', room: updated.value });
  }
  return ok(outcomes);
}
