/**
 * ModerationWiring + RoomRegistry + ConferenceRoom in virtual time, with fake call sessions
 * and a fake engine at the edges: what a caller's keys do to the engine (mic held while a
 * sequence is typed, prompts, error tones), the effects the room hands over (recording,
 * roll call), room timers and the live events.
 */
import t from 'tap';
import { LiveEventBus, type LiveEvent } from '../events/index.js';
import { BridgeMetrics } from '../metrics/index.js';
import type { AuditEvent } from '../policy/index.js';
import type { RoomPlayItem } from '../room/index.js';
import type { CallerIdentity } from '../routing/index.js';
import type { CallSession } from './call-session.js';
import { ModerationWiring } from './moderation-wiring.js';
import type { MediaControl, MediaLiveControl } from './ports.js';
import { RoomRegistry } from './room-registry.js';

const ROOM = '123456789';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A call session as the registry and the wiring see it; records what they asked of it. */
class FakeSession {
  readonly log: string[] = [];
  phase: 'in-room' | 'ended' = 'in-room';
  endReason: string | undefined;
  readonly roomId = ROOM;
  readonly codecName = 'PCMU';
  constructor(
    readonly callId: string,
    readonly endpointId: string,
    readonly displayName?: string,
  ) {}
  get caller(): CallerIdentity {
    return { kind: 'direct', sourceAddress: '192.0.2.1', fromUser: this.callId, sourceKey: 'ip:192.0.2.1' };
  }
  playFromRoom(items: readonly RoomPlayItem[], _loop: boolean, then: string): void {
    this.log.push(`play ${items.map((i) => (i.kind === 'prompt' ? i.name : i.kind === 'tone' ? `tone:${i.name}` : i.kind)).join('+')} then ${then}`);
  }
  stopRoomPlayback(): void {
    this.log.push('stop');
  }
  bridge(_roomId: string, isMuted: boolean): void {
    this.log.push(`bridge${isMuted ? ' muted' : ''}`);
  }
  unbridge(): void {
    this.log.push('unbridge');
  }
  setMute(isMuted: boolean): void {
    this.log.push(`mute ${isMuted}`);
  }
  hangup(reason: string): void {
    this.log.push(`hangup ${reason}`);
    this.phase = 'ended';
  }
  take(): string[] {
    return this.log.splice(0);
  }
}

function setup(options: Readonly<Record<string, unknown>> = {}) {
  let now = 1_000_000;
  const engine: string[] = [];
  const media = { play: async () => 'pb', joinRoom: async () => undefined, leaveRoom: async () => undefined } as unknown as MediaControl;
  const live: MediaLiveControl = {
    startRecording: async (roomId, file) => void engine.push(`record ${roomId} ${file}`),
    stopRecording: async (roomId) => void engine.push(`stop-record ${roomId}`),
    loadPrompt: async () => undefined,
    endpointStats: () => undefined,
    onTalking: () => undefined,
    onWorkerStats: () => undefined,
    tickHistogramBucketMs: 0.1,
  };
  const bus = new LiveEventBus();
  const events: LiveEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const audit: string[] = [];
  const auditEvents: AuditEvent[] = [];
  const wiring = new ModerationWiring({
    media,
    live,
    store: { getRoom: () => ({ name: 'Board', options: { waitForHost: false, maxParticipants: 10, ...options } }) },
    audit: {
      append: (e) => {
        auditEvents.push(e);
        if (e.event === 'moderation') audit.push(e.action);
      },
    },
    logger: quiet,
    bus,
    metrics: new BridgeMetrics({ processMetrics: false }),
    scratchDir: '/nonexistent',
    nowMs: () => now,
  });
  const logs: string[] = [];
  const registryLogger = { ...quiet, info: (fields: Record<string, unknown>, message: string) => void logs.push(`${message} ${JSON.stringify(fields)}`) };
  const rooms = new RoomRegistry({ ...wiring.hooks, media, logger: registryLogger, settings: () => ({ waitForHost: options['waitForHost'] === true, maxParticipants: 10 }) });
  wiring.attach(rooms);
  wiring.close();
  const enter = (session: FakeSession, role: 'guest' | 'host') => {
    rooms.join(session as unknown as CallSession, ROOM, role);
    rooms.playbackDone(session as unknown as CallSession, 'bridge');
    session.take();
  };
  const press = (session: FakeSession, keys: string) => {
    for (const key of keys) rooms.digit(session as unknown as CallSession, key);
  };
  const advance = (ms: number) => {
    now += ms;
    wiring.tick(now);
  };
  return { rooms, wiring, engine, events, audit, auditEvents, logs, enter, press, advance };
}

t.test('a sequence holds the mic from its first key, then the action runs', async (t) => {
  const { enter, press, events, audit } = setup();
  const host = new FakeSession('host', 'ep1');
  const guest = new FakeSession('guest', 'ep2');
  enter(host, 'host');
  enter(guest, 'guest');
  press(guest, '*');
  t.same(guest.take(), ['mute true'], 'out of the mix while typing');
  press(guest, '9');
  t.same(guest.take(), ['play hand-raised+in-line-first then nothing', 'mute false'], 'the confirmation, and the mic back');
  t.match(events.at(-1), { type: 'hand', callId: 'guest', isRaised: true });
  t.ok(audit.includes('toggle-hand'), 'audited');
  press(guest, '*6');
  t.same(guest.take(), ['mute true', 'mute true', 'play muted then nothing'], 'self-mute: held, then muted for real, never unmuted in between');
  press(guest, '*9');
  t.same(guest.take(), ['play hand-lowered then nothing'], 'a muted caller is not unmuted by the mic hold');
});

t.test('wrong role, unknown and half-typed sequences', async (t) => {
  const { enter, press, advance, rooms } = setup();
  const host = new FakeSession('host', 'ep1');
  const guest = new FakeSession('guest', 'ep2');
  enter(host, 'host');
  enter(guest, 'guest');
  press(guest, '*7');
  t.same(guest.take(), ['mute true', 'mute false', 'play tone:error+not-available then nothing'], 'a host key from a guest');
  t.equal(rooms.room(ROOM)?.moderator.locked, false, 'a guest cannot lock');
  press(guest, '5');
  t.same(guest.take(), ['play tone:error then nothing'], 'a key matching nothing');
  press(host, '*');
  host.take();
  advance(500);
  t.same(host.take(), [], 'still waiting for the next key');
  advance(600);
  t.same(host.take(), ['mute false', 'play tone:error then nothing'], 'timed out after about 1 s');
});

t.test('host keys: lock, recording to a named file, roll call, end', async (t) => {
  const { enter, press, engine, events, rooms } = setup();
  const host = new FakeSession('host', 'ep1');
  const guest = new FakeSession('guest', 'ep2');
  enter(host, 'host');
  enter(guest, 'guest');
  press(host, '*7');
  t.equal(rooms.room(ROOM)?.moderator.locked, true);
  t.match(events.at(-1), { type: 'lock', isLocked: true });
  press(host, '*2');
  await new Promise((resolve) => setImmediate(resolve));
  t.match(engine, [/^record 123456789 123456789-\d{8}T\d{6}Z\.wav$/]);
  t.match(events.at(-1), { type: 'recording', isRecording: true, file: /^123456789-/ });
  host.take();
  press(host, '*8');
  t.same(host.take(), ['mute true', 'play one-other then nothing', 'mute false'], 'roll call without recorded names reads the count');
  press(host, '##');
  t.same(guest.take(), ['play host-ended then hangup']);
  rooms.playbackDone(guest as unknown as CallSession, 'hangup');
  t.same(guest.take(), ['hangup room-ended']);
});

t.test('automatic host hangup with grace, in virtual time', async (t) => {
  const { enter, advance, rooms, events } = setup({ endWhenHostLeaves: true, hostGraceMs: 60_000 });
  const host = new FakeSession('host', 'ep1');
  const guest = new FakeSession('guest', 'ep2');
  enter(host, 'host');
  enter(guest, 'guest');
  rooms.leave(host as unknown as CallSession);
  advance(59_000);
  t.same(guest.take(), [], 'within the grace period nothing happens');
  advance(1_100);
  t.same(guest.take(), ['play host-ended+goodbye then hangup'], 'then everyone is disconnected');
  t.match(events.at(-1), { type: 'ended', reason: 'host-left' });
});

t.test('no-host timeout: guests waiting for a host are sent away, a room that does not wait keeps going', async (t) => {
  const waiting = setup({ waitForHost: true, noHostTimeoutMs: 60_000 });
  const g1 = new FakeSession('g1', 'ep1');
  waiting.rooms.join(g1 as unknown as CallSession, ROOM, 'guest');
  g1.take();
  waiting.advance(61_000);
  t.same(g1.take(), ['stop', 'play goodbye then hangup'], 'after the timeout the waiting guest hears goodbye');
  const open = setup({ waitForHost: false, noHostTimeoutMs: 60_000 });
  const g2 = new FakeSession('g2', 'ep2');
  open.enter(g2, 'guest');
  open.advance(3_600_000);
  t.same(g2.take(), [], 'no host needed in this room');
});

t.test('leave reasons: the caller hanging up is caller-bye, a removal is removed', async (t) => {
  const { enter, press, rooms, events, wiring } = setup();
  const host = new FakeSession('host', 'ep1');
  const g1 = new FakeSession('g1', 'ep2');
  const g2 = new FakeSession('g2', 'ep3');
  enter(host, 'host');
  enter(g1, 'guest');
  enter(g2, 'guest');
  g1.endReason = 'remote-bye';
  rooms.leave(g1 as unknown as CallSession);
  press(host, '*3');
  rooms.leave(g2 as unknown as CallSession);
  t.same(events.filter((e) => e.type === 'leave').map((e) => (e.type === 'leave' ? [e.callId, e.reason] : [])), [['g1', 'caller-bye'], ['g2', 'removed']]);
  t.equal(wiring.takeLeaveReason('g2'), 'removed', 'the server takes the same reason for the audit row');
  t.equal(wiring.takeLeaveReason('g2'), undefined, 'once');
  t.equal(wiring.takeLeaveReason('host'), undefined, 'a caller still in the room has none');
});

t.test('moderation actions go to the shared audit trail: the actor, its role path and the hashed call', async (t) => {
  const { enter, press, auditEvents, wiring } = setup();
  const host = new FakeSession('host-call', 'ep1');
  const guest = new FakeSession('guest-call', 'ep2');
  enter(host, 'host');
  enter(guest, 'guest');
  t.same(auditEvents, [], 'a join writes no moderation row (the abuse wiring audits joins)');
  press(host, '*7');
  press(guest, '*9');
  wiring.operatorAction(ROOM, 'mute', 'guest-call');
  t.match(auditEvents, [
    { event: 'moderation', roomId: ROOM, actor: 'keypad', action: 'toggle-lock', rolePath: 'host', callIdHash: /^[0-9a-f]+$/ },
    { event: 'moderation', roomId: ROOM, actor: 'keypad', action: 'toggle-hand', rolePath: 'participant' },
    { event: 'moderation', roomId: ROOM, actor: 'admin-api', action: 'mute' },
  ]);
  t.notOk(JSON.stringify(auditEvents).includes('host-call'), 'call IDs only as hashes');
});

t.test("a one-time PIN's invitee name reaches the roster, the join event and the participant log", async (t) => {
  const { rooms, events, logs } = setup();
  const ada = new FakeSession('ada', 'ep1', 'Ada "guest"');
  const eve = new FakeSession('eve', 'ep3', 'Eve\n{"msg":"forged"}\u2028');
  const anon = new FakeSession('anon', 'ep2');
  rooms.join(ada as unknown as CallSession, ROOM, 'guest');
  rooms.join(anon as unknown as CallSession, ROOM, 'guest');
  const moderator = rooms.room(ROOM)?.moderator;
  t.equal(moderator?.participant('ada')?.displayName, 'Ada "guest"', 'the roster name');
  t.equal(moderator?.participant('anon')?.displayName, undefined, 'no name without a personal PIN');
  t.match(events.find((e) => e.type === 'join' && e.callId === 'ada'), { displayName: 'Ada "guest"' });
  rooms.join(eve as unknown as CallSession, ROOM, 'guest');
  const line = logs.find((l) => l.startsWith('participant joined') && l.includes('"callId":"eve"')) ?? '';
  t.match(line, /"displayName":"Eve\\\\u\{000a\}/, 'control characters escaped before the logger sees them');
  t.notOk(/[\n\u2028]/.test(line), 'no raw line break in the log record');
});
