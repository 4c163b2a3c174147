/**
 * CallSession + RoomRegistry against fakes of their true edges only: the SIP call, the
 * media engine, SDP negotiation and the digit collector (ports.ts). Time is virtual.
 */
import t from 'tap';
import { DEFAULT_IVR_SETTINGS } from '../ivr/index.js';
import { buildRoutingTable, routeCall } from '../routing/index.js';
import type { RoomPlayItem } from '../room/index.js';
import { CallSession } from './call-session.js';
import type { AudioSession, CallLogger, DigitEntry, DigitEntryOutput, MediaControl, NegotiateAudio, PlayTarget, SipCall, VerifyPin } from './ports.js';
import { RoomRegistry } from './room-registry.js';

const ROOM = '123456789';
const PIN = '40718265';
const HOST_PIN = '5193842607';

class FakeCall implements SipCall {
  readonly events: string[] = [];
  /** Like sip-core, which reports a BYE we send as the call's end before `bye()` returns. */
  onBye: (() => void) | undefined;
  constructor(readonly callId: string, readonly offerSdp: string | undefined = 'v=0 offer') {}
  accept(answerSdp: string): void {
    this.events.push(`200 ${answerSdp}`);
  }
  reject(status: number): void {
    this.events.push(`${status}`);
  }
  bye(): void {
    this.events.push('BYE');
    this.onBye?.();
  }
}

class FakeMedia implements MediaControl {
  readonly bindAddress = '127.0.0.1';
  readonly log: string[] = [];
  private nextEndpoint = 1;
  private nextPlayback = 1;
  readonly playing = new Map<string, string>();
  endpointGate: Promise<void> = Promise.resolve();
  async createEndpoint(session: AudioSession): Promise<{ endpointId: string; localAddress: string; localPort: number }> {
    await this.endpointGate;
    const endpointId = `ep${this.nextEndpoint++}`;
    this.log.push(`create ${endpointId} ${session.codec.name}`);
    return { endpointId, localAddress: '127.0.0.1', localPort: 40000 + this.nextEndpoint * 2 };
  }
  async updateEndpoint(id: string, update: { direction?: string }): Promise<void> {
    this.log.push(`update ${id} ${update.direction ?? ''}`);
  }
  async play(target: PlayTarget, items: readonly RoomPlayItem[], loop: boolean): Promise<string> {
    const id = `pb${this.nextPlayback++}`;
    const where = 'endpointId' in target ? target.endpointId : `room:${target.roomId}`;
    if ('endpointId' in target) this.playing.set(target.endpointId, id);
    this.log.push(`play ${where} ${items.map((i) => (i.kind === 'prompt' ? i.name : i.kind === 'tone' ? `tone:${i.name}` : i.kind)).join('+')}${loop ? ' loop' : ''}`);
    return id;
  }
  async stopPlayback(target: PlayTarget): Promise<void> {
    if ('endpointId' in target) this.playing.delete(target.endpointId);
    this.log.push(`stop ${'endpointId' in target ? target.endpointId : target.roomId}`);
  }
  async joinRoom(id: string, roomId: string, isMuted: boolean): Promise<void> {
    this.log.push(`join ${id} ${roomId}${isMuted ? ' muted' : ''}`);
  }
  async leaveRoom(id: string, roomId: string): Promise<void> {
    this.log.push(`leave ${id} ${roomId}`);
  }
  async setMute(id: string, isMuted: boolean): Promise<void> {
    this.log.push(`mute ${id} ${isMuted}`);
  }
  async destroyEndpoint(id: string): Promise<void> {
    this.log.push(`destroy ${id}`);
  }
}

/** Scripted collector: each entry completes when the test says so. */
class ScriptedEntry implements DigitEntry {
  started = 0;
  discarded = 0;
  start(): DigitEntryOutput[] {
    this.started++;
    return [];
  }
  discard(): void {
    this.discarded++;
  }
  push(): DigitEntryOutput[] {
    return [];
  }
  poll(): DigitEntryOutput[] {
    return [];
  }
}

const quietLogger: CallLogger & { lines: string[] } = {
  lines: [],
  info(fields, message) {
    this.lines.push(`${message} ${JSON.stringify(fields)}`);
  },
  warn(fields, message) {
    this.lines.push(`WARN ${message} ${JSON.stringify(fields)}`);
  },
  error(fields, message) {
    this.lines.push(`ERROR ${message} ${JSON.stringify(fields)}`);
  },
};

const AUDIO: AudioSession = {
  answerSdp: 'v=0 answer',
  codec: { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 },
  telephoneEventPayloadType: 101,
  remote: { address: '127.0.0.1', port: 30000, rtcpPort: 30001 },
  direction: 'sendrecv',
  ptimeMs: 20,
  rtcpMux: false,
};
/** RFC 3264 §6.1: our answer's direction for the offer's (sendonly → recvonly, …). */
function answerDirection(offer: string): string {
  if (offer.includes('a=sendonly')) return 'recvonly';
  if (offer.includes('a=recvonly')) return 'sendonly';
  return offer.includes('a=inactive') ? 'inactive' : 'sendrecv';
}
const negotiate: NegotiateAudio = (offer) =>
  offer.includes('opus-only-unknown') ? { ok: false, code: 'no-common-codec', message: 'none' } : { ok: true, value: { ...AUDIO, direction: answerDirection(offer) } };
const verify: VerifyPin = async (r) => (r.roomId === ROOM && r.pin === (r.role === 'host' ? HOST_PIN : PIN) ? { kind: 'ok' } : { kind: 'invalid' });
const table = buildRoutingTable({ meetUser: 'meet', trunks: [] });

function world(waitForHost = true) {
  const media = new FakeMedia();
  const ended: string[] = [];
  const rooms = new RoomRegistry({ media, logger: quietLogger, settings: () => ({ waitForHost, maxParticipants: 10 }) });
  let now = 0;
  const make = (callId: string, user: string, offer?: string) => {
    const call = new FakeCall(callId, offer ?? 'v=0 offer');
    const entry = new ScriptedEntry();
    const session = new CallSession({
      call,
      route: routeCall(table, { requestUser: user, sourceAddress: '198.51.100.1', fromUser: 'a', assertedUser: undefined }),
      media,
      negotiate,
      digitEntry: entry,
      verify,
      pinLengths: () => ({ pinLength: 8, hostPinLength: 10 }),
      ivrSettings: DEFAULT_IVR_SETTINGS,
      rooms,
      logger: quietLogger,
      nowMs: () => now,
      onIvrDone: () => undefined,
      onEnded: (_s, reason) => ended.push(`${callId}:${reason}`),
    });
    return { call, entry, session };
  };
  const flush = () => new Promise((resolve) => setImmediate(resolve));
  /** Finishes whatever plays on the session's endpoint. */
  const finishPlayback = async (session: CallSession) => {
    await flush();
    const id = session.endpointId === undefined ? undefined : media.playing.get(session.endpointId);
    if (id === undefined) throw new Error('nothing playing');
    if (session.endpointId !== undefined) media.playing.delete(session.endpointId);
    session.playbackDone(id);
    await flush();
  };
  const complete = async (session: CallSession, digits: string) => {
    // What the collector reports for a typed entry: first digit (barge-in), then the entry.
    (session as unknown as { onEntry(o: DigitEntryOutput[]): void }).onEntry([{ kind: 'first-digit', digit: digits[0] ?? '' }, { kind: 'entry-complete', digits }]);
    await flush();
    await flush();
  };
  return { media, rooms, ended, make, flush, finishPlayback, complete, advance: (ms: number) => (now += ms) };
}

t.test('no common codec: 488, no endpoint', async (t) => {
  const w = world();
  const { call, session } = w.make('c1', 'meet', 'opus-only-unknown');
  await session.answer();
  t.same(call.events, ['488']);
  t.same(w.media.log, []);
  t.same(w.ended, ['c1:sdp-no-common-codec']);
});

t.test('CANCEL while the endpoint is being created: no 200, endpoint destroyed', async (t) => {
  const w = world();
  let open: () => void = () => undefined;
  w.media.endpointGate = new Promise((resolve) => (open = resolve));
  const { call, session } = w.make('c1', 'meet');
  const answering = session.answer();
  session.remoteEnded('cancelled');
  open();
  await answering;
  await w.flush();
  t.same(call.events, []);
  t.same(w.media.log, ['create ep1 PCMU', 'destroy ep1']);
  t.same(w.ended, ['c1:cancelled']);
});

t.test('meet → ID → PIN → waits for host on music; host arrives; everyone bridged; BYE cleans up', async (t) => {
  const w = world(true);
  const guest = w.make('g', 'meet');
  await guest.session.answer();
  t.same(guest.call.events, ['200 v=0 answer']);
  await w.flush();
  t.same(w.media.log.slice(-1), ['play ep1 welcome+enter-conference-id']);
  await w.complete(guest.session, ROOM);
  await w.complete(guest.session, PIN);
  t.equal(guest.session.phase, 'in-room');
  t.same(w.media.log.slice(-1), ['play ep1 wait-for-host+music loop']);
  t.same(w.rooms.counts(), { rooms: 1, participants: 1 });

  const host = w.make('h', ROOM);
  await host.session.answer();
  await w.flush();
  t.same(w.media.log.slice(-1), ['play ep2 welcome+enter-pin']);
  await w.complete(host.session, HOST_PIN.replace(/^/, '*'));
  t.equal(host.session.role, 'host');
  t.match(w.media.log.join('\n'), /play ep2 one-other\nstop ep1\njoin ep1 123456789/);
  await w.finishPlayback(host.session);
  t.same(w.media.log.slice(-1), ['join ep2 123456789']);

  host.session.remoteEnded('remote-bye');
  await w.flush();
  t.match(w.media.log.slice(-3), ['leave ep2 123456789', 'play room:123456789 tone:exit', 'destroy ep2']);
  guest.session.remoteEnded('remote-bye');
  await w.flush();
  t.same(w.rooms.counts(), { rooms: 0, participants: 0 }, 'the room closes when empty');
  t.same(w.ended, ['h:remote-bye', 'g:remote-bye']);
  t.notMatch(quietLogger.lines.join('\n'), new RegExp(`${PIN}|${HOST_PIN}`), 'no PIN in any log line');
});

t.test('three wrong PINs: goodbye, then the bridge sends BYE', async (t) => {
  const w = world();
  const { call, session } = w.make('c1', ROOM);
  await session.answer();
  for (let i = 0; i < 3; i++) {
    await w.complete(session, '99999999');
    await w.finishPlayback(session);
  }
  t.same(call.events, ['200 v=0 answer', 'BYE']);
  t.same(w.ended, ['c1:ivr-too-many-failures']);
  t.same(w.media.log.filter((l) => l.includes('invalid')).length, 3);
});

t.test('RTP timeout in a room: BYE and leave', async (t) => {
  const w = world(false);
  const { call, session } = w.make('c1', ROOM);
  await session.answer();
  await w.complete(session, PIN);
  await w.finishPlayback(session);
  t.same(w.media.log.slice(-1), ['join ep1 123456789']);
  session.hangup('rtp-timeout');
  await w.flush();
  t.same(call.events.slice(-1), ['BYE']);
  t.same(w.rooms.counts(), { rooms: 0, participants: 0 });
});

t.test('a local hangup keeps its reason when the SIP side reports the end at once', async (t) => {
  const w = world(false);
  const { call, session } = w.make('c1', ROOM);
  call.onBye = () => session.remoteEnded('local-bye');
  await session.answer();
  await w.complete(session, PIN);
  await w.finishPlayback(session);
  session.hangup('rtp-timeout');
  await w.flush();
  t.same(call.events.slice(-1), ['BYE']);
  t.same(w.ended, ['c1:rtp-timeout']);
});

t.test('re-INVITE (hold) updates the endpoint; before an endpoint it is refused', async (t) => {
  const w = world();
  const { session } = w.make('c1', 'meet');
  const refused: number[] = [];
  session.reinvite('v=0', () => undefined, (s) => refused.push(s));
  t.same(refused, [491]);
  await session.answer();
  const answers: string[] = [];
  session.reinvite('v=0 hold', (a) => answers.push(a), (s) => refused.push(s));
  await w.flush();
  t.same(answers, ['v=0 answer']);
  t.same(w.media.log.slice(-1), ['update ep1 sendrecv']);
});

t.test('a caller holding the bridge (sendonly) leaves the mix and the RTP timer until it resumes', async (t) => {
  const w = world(false);
  const { session } = w.make('c1', ROOM);
  await session.answer();
  await w.complete(session, PIN);
  await w.finishPlayback(session);
  const answers: string[] = [];
  const refuse = () => t.fail('re-INVITE refused');
  session.reinvite('v=0 a=sendonly', (a) => answers.push(a), refuse);
  session.reinvite('v=0 a=inactive', (a) => answers.push(a), refuse);
  session.reinvite('v=0 a=sendrecv', (a) => answers.push(a), refuse);
  await w.flush();
  t.equal(answers.length, 3, 'every re-INVITE answered');
  t.same(w.media.log.filter((l) => l.startsWith('update')), ['update ep1 inactive', 'update ep1 inactive', 'update ep1 sendrecv']);
  t.equal(w.rooms.counts().participants, 1, 'still in the room');
});

t.test('host ends the room: everyone hears it and gets BYE', async (t) => {
  const w = world(false);
  const a = w.make('a', ROOM);
  const b = w.make('b', ROOM);
  for (const c of [a, b]) {
    await c.session.answer();
    await w.complete(c.session, PIN);
    await w.finishPlayback(c.session);
  }
  w.rooms.endAll(['host-ended']);
  await w.flush();
  await w.finishPlayback(a.session);
  await w.finishPlayback(b.session);
  t.same(a.call.events.slice(-1), ['BYE']);
  t.same(b.call.events.slice(-1), ['BYE']);
  t.same(w.rooms.counts(), { rooms: 0, participants: 0 });
});
