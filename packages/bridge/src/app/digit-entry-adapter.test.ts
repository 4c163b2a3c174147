/**
 * The IVR driven through the real dtmf DigitCollector (via the adapter) inside a call
 * session, digits arriving as they would from the engine or SIP INFO. Edges faked: SIP
 * call, media engine, SDP. Virtual time.
 */
import t from 'tap';
import { DEFAULT_IVR_SETTINGS } from '../ivr/index.js';
import { buildRoutingTable, routeCall } from '../routing/index.js';
import type { RoomPlayItem } from '../room/index.js';
import { CallSession } from './call-session.js';
import { createDigitEntry, decodeInfoDigit } from './digit-entry-adapter.js';
import type { AudioSession, MediaControl, PlayTarget, SipCall, VerifyPin } from './ports.js';
import { RoomRegistry } from './room-registry.js';

const ROOM = '123456789';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const AUDIO: AudioSession = {
  answerSdp: 'v=0',
  codec: { name: 'PCMU', payloadType: 0, clockRateHz: 8000, channels: 1 },
  telephoneEventPayloadType: 101,
  remote: { address: '127.0.0.1', port: 30000, rtcpPort: 30001 },
  direction: 'sendrecv',
  ptimeMs: 20,
  rtcpMux: false,
};

function setup(user: string) {
  const log: string[] = [];
  const calls: string[] = [];
  let now = 1000;
  let playbackSeq = 0;
  let current: string | undefined;
  const media: MediaControl = {
    bindAddress: '127.0.0.1',
    createEndpoint: async () => ({ endpointId: 'ep', localAddress: '127.0.0.1', localPort: 40000 }),
    updateEndpoint: async () => undefined,
    play: async (_target: PlayTarget, items: readonly RoomPlayItem[]) => {
      current = `pb${++playbackSeq}`;
      log.push(`play ${items.map((i) => (i.kind === 'prompt' ? i.name : i.kind === 'silence' ? `pause${i.ms}` : i.kind)).join('+')}`);
      return current;
    },
    stopPlayback: async () => {
      current = undefined;
      log.push('stop');
    },
    joinRoom: async (_id, roomId) => {
      log.push(`join ${roomId}`);
    },
    leaveRoom: async () => undefined,
    setMute: async () => undefined,
    destroyEndpoint: async () => undefined,
  };
  const call: SipCall = { callId: 'c1', offerSdp: 'v=0', accept: () => calls.push('200'), reject: (s) => calls.push(String(s)), bye: () => calls.push('BYE') };
  const verify: VerifyPin = async (r) => (r.roomId === ROOM && r.pin === (r.role === 'host' ? HOST_PIN : PIN) ? { kind: 'ok' } : { kind: 'invalid' });
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const rooms = new RoomRegistry({ media, logger, settings: () => ({ waitForHost: false, maxParticipants: 10 }) });
  const session = new CallSession({
    call,
    route: routeCall(buildRoutingTable({ meetUser: 'meet', trunks: [] }), { requestUser: user, sourceAddress: '198.51.100.1', fromUser: 'a', assertedUser: undefined }),
    media,
    negotiate: () => ({ ok: true, value: AUDIO }),
    digitEntry: createDigitEntry(),
    verify,
    pinLengths: () => ({ pinLength: 8, hostPinLength: 10 }),
    ivrSettings: DEFAULT_IVR_SETTINGS,
    rooms,
    logger,
    nowMs: () => now,
    onIvrDone: () => undefined,
    onEnded: () => undefined,
  });
  const flush = async () => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    log,
    calls,
    session,
    flush,
    async type(digits: string, source = 'rfc4733') {
      for (const digit of digits) {
        now += 250;
        session.digit({ digit, durationMs: 100, endedAtMs: now, source });
        await flush();
      }
    },
    async finishPlayback() {
      await flush();
      if (current === undefined) throw new Error('nothing playing');
      const id = current;
      current = undefined;
      session.playbackDone(id);
      await flush();
    },
    async advance(ms: number) {
      now += ms;
      session.tick(now);
      await flush();
    },
  };
}

t.test('the ID submits itself at 9 digits; the # typed after it is swallowed, not the PIN\'s first key', async (t) => {
  const w = setup('meet');
  await w.session.answer();
  await w.type(ROOM);
  t.same(w.log.slice(-2), ['stop', 'play enter-pin']);
  await w.type('#');
  t.same(w.log.slice(-1), ['play enter-pin'], 'the # neither barged in nor submitted an empty PIN');
  await w.type(PIN);
  t.equal(w.session.phase, 'in-room');
  t.equal(w.session.role, 'guest');
});

t.test('# ends a short entry; star clears the ID being typed', async (t) => {
  const w = setup('meet');
  await w.session.answer();
  await w.type('55*');
  await w.type(`${ROOM}`);
  await w.type(`${PIN}`);
  t.equal(w.session.phase, 'in-room');
});

t.test('host path: * then 10 digits, over SIP INFO', async (t) => {
  const w = setup(ROOM);
  await w.session.answer();
  t.same(w.log, ['play welcome+enter-pin']);
  const star = decodeInfoDigit('application/dtmf-relay', new TextEncoder().encode('Signal=*\r\nDuration=160\r\n'));
  t.same(star, { digit: '*', durationMs: 160 });
  await w.type('*', 'info');
  t.same(w.log.slice(-2), ['stop', 'play enter-host-pin']);
  await w.type(HOST_PIN, 'info');
  t.equal(w.session.role, 'host');
  t.equal(w.session.phase, 'in-room');
});

t.test('no digit for 10 s after the prompt: a try is spent with the failure sequence', async (t) => {
  const w = setup('meet');
  await w.session.answer();
  await w.finishPlayback();
  await w.advance(9_900);
  t.same(w.log, ['play welcome+enter-conference-id']);
  await w.advance(200);
  t.same(w.log.slice(-1), ['play invalid+pause2000+try-again']);
  await w.type('1234', 'rfc4733');
  await w.finishPlayback();
  t.same(w.log.slice(-1), ['play enter-conference-id'], 'digits typed during the pause were discarded');
  await w.type(ROOM);
  await w.type(PIN);
  t.equal(w.session.phase, 'in-room');
});

t.test('a short PIN ends by inter-digit timeout and fails like any wrong PIN', async (t) => {
  const w = setup(ROOM);
  await w.session.answer();
  await w.type('4071');
  await w.advance(5_100);
  t.same(w.log.slice(-1), ['play invalid+pause2000+try-again']);
});

t.test('INFO bodies that are not digits are ignored', async (t) => {
  t.equal(decodeInfoDigit('application/dtmf-relay', new TextEncoder().encode('Signal=x\r\n')), undefined);
  t.same(decodeInfoDigit('application/dtmf', new TextEncoder().encode('5')), { digit: '5', durationMs: 100 });
});
