import t from 'tap';
import { DEFAULT_IVR_SETTINGS, IvrSession, type IvrEffect, type VerifyResult } from './ivr-session.js';

/** One room exists: 123456789, guest PIN 8 digits, host PIN 10 digits (hand-written). */
const ROOM = { id: '123456789', pin: '40718265', hostPin: '5193842607' };
const lengths = () => ({ pinLength: 8, hostPinLength: 10 });
const check = (roomId: string, role: string, pin: string): VerifyResult =>
  roomId === ROOM.id && pin === (role === 'host' ? ROOM.hostPin : ROOM.pin) ? { kind: 'ok' } : { kind: 'invalid' };

/** Prompt lengths in virtual ms; a playback ends after the sum unless stopped. */
const PROMPT_MS: Record<string, number> = { welcome: 1500, 'enter-conference-id': 2500, 'enter-pin': 3000, 'enter-host-pin': 2000, invalid: 2200, 'try-again': 1200, goodbye: 900 };

/** A virtual-time driver: carries out effects like the call controller would, and records them. */
class Driver {
  nowMs = 0;
  log: string[] = [];
  playingUntil: number | undefined;
  readonly ivr: IvrSession;
  constructor(target: { kind: 'ivr' } | { kind: 'room'; roomId: string }) {
    this.ivr = new IvrSession({ target, settings: DEFAULT_IVR_SETTINGS, pinLengths: lengths });
    this.apply(this.ivr.start(0));
  }
  apply(effects: IvrEffect[]): void {
    for (const e of effects) {
      switch (e.kind) {
        case 'play': {
          const ms = e.items.reduce((sum, item) => sum + (item.kind === 'silence' ? item.ms : (PROMPT_MS[item.name] ?? 1000)), 0);
          this.playingUntil = this.nowMs + ms;
          this.log.push(`${this.nowMs} play ${e.items.map((i) => (i.kind === 'silence' ? `pause${i.ms}` : i.name)).join('+')}${e.bargeIn ? '' : ' (unskippable)'}`);
          break;
        }
        case 'stop-playback':
          this.playingUntil = undefined;
          this.log.push(`${this.nowMs} stop`);
          break;
        case 'collect':
          this.log.push(`${this.nowMs} collect ${e.options.autoSubmitLength}${e.options.allowLeadingStar ? '*' : ''}`);
          break;
        case 'discard-digits':
          this.log.push(`${this.nowMs} discard`);
          break;
        case 'verify':
          this.log.push(`${this.nowMs} verify ${e.role}`);
          this.apply(this.ivr.verified(check(e.roomId, e.role, e.pin), this.nowMs));
          break;
        case 'join':
          this.log.push(`${this.nowMs} join ${e.roomId} ${e.role}`);
          break;
        case 'hangup':
          this.log.push(`${this.nowMs} hangup ${e.reason}`);
          break;
        default: {
          const never: never = e;
          throw new Error(String(never));
        }
      }
    }
  }
  /** Lets the current playback finish. */
  finishPlayback(): void {
    if (this.playingUntil === undefined) throw new Error('nothing playing');
    this.nowMs = this.playingUntil;
    this.playingUntil = undefined;
    this.apply(this.ivr.playbackDone(this.nowMs));
  }
  /** Types an entry: the first digit (barge-in) and then the collector's completed entry. */
  type(digits: string, msPerDigit = 300): void {
    this.apply(this.ivr.firstDigit(digits[0] ?? '', this.nowMs));
    this.nowMs += msPerDigit * digits.length;
    if (digits.startsWith('*')) {
      this.apply(this.ivr.entryComplete(digits.slice(1), this.nowMs));
    } else {
      this.apply(this.ivr.entryComplete(digits, this.nowMs));
    }
  }
}

t.test('meet: welcome, ID, PIN, join', async (t) => {
  const d = new Driver({ kind: 'ivr' });
  d.finishPlayback();
  d.type(ROOM.id);
  d.type(ROOM.pin);
  t.same(d.log, [
    '0 play welcome+enter-conference-id',
    '0 collect 9',
    '4000 collect 9',
    '6700 play enter-pin',
    '6700 collect 8*',
    '6700 stop',
    '9100 discard',
    '9100 verify guest',
    '9100 join 123456789 guest',
  ]);
  t.equal(d.ivr.state, 'joined');
});

t.test('barge-in: the first digit stops the prompt that is playing', async (t) => {
  const d = new Driver({ kind: 'ivr' });
  d.nowMs = 500;
  d.apply(d.ivr.firstDigit('1', d.nowMs));
  t.same(d.log.slice(-1), ['500 stop']);
  t.equal(d.playingUntil, undefined);
});

t.test('unknown room and wrong PIN: the same prompts at the same times', async (t) => {
  const run = (roomId: string, pin: string) => {
    const d = new Driver({ kind: 'ivr' });
    d.finishPlayback();
    d.type(roomId);
    d.type(pin);
    d.finishPlayback();
    return d.log;
  };
  const unknownRoom = run('987654321', ROOM.pin);
  const wrongPin = run(ROOM.id, '11112222');
  t.same(unknownRoom, wrongPin);
  t.ok(unknownRoom.includes('9100 play invalid+pause2000+try-again (unskippable)'));
  t.ok(unknownRoom.includes('14500 play enter-conference-id'), 'the retry starts after the whole unskippable sequence');
});

t.test('digits during the failure pause change nothing', async (t) => {
  const d = new Driver({ kind: 'room', roomId: ROOM.id });
  d.finishPlayback();
  d.type('00000000');
  t.equal(d.ivr.state, 'failure-pause');
  t.same(d.ivr.firstDigit('5', d.nowMs), [], 'no barge-in on the failure sequence');
  t.same(d.ivr.entryComplete('12345678', d.nowMs), [], 'an entry is ignored while paused');
  d.finishPlayback();
  t.equal(d.ivr.state, 'collect-pin', 'direct room URI retries only the PIN');
  t.same(d.log.slice(-2), [`${d.nowMs} play enter-pin`, `${d.nowMs} collect 8*`]);
});

t.test('host path: * then the host PIN, with the host length', async (t) => {
  const d = new Driver({ kind: 'room', roomId: ROOM.id });
  d.finishPlayback();
  d.apply(d.ivr.firstDigit('*', d.nowMs));
  t.same(d.log.slice(-2), [`${d.nowMs} play enter-host-pin`, `${d.nowMs} collect 10`]);
  d.type(ROOM.hostPin);
  t.same(d.log.slice(-1), [`${d.nowMs} join ${ROOM.id} host`]);
});

t.test('the guest PIN on the host path is refused (one secret per entry)', async (t) => {
  const d = new Driver({ kind: 'room', roomId: ROOM.id });
  d.finishPlayback();
  d.type(`*${ROOM.pin}`);
  t.equal(d.ivr.state, 'failure-pause');
});

t.test('3 tries per call, then goodbye and hang up', async (t) => {
  const d = new Driver({ kind: 'ivr' });
  for (let i = 0; i < 3; i++) {
    d.finishPlayback();
    d.type(ROOM.id);
    d.type('99999999');
  }
  t.equal(d.ivr.failureCount, 3);
  t.match(d.log.at(-1), /play invalid\+pause2000\+goodbye \(unskippable\)$/);
  d.finishPlayback();
  t.match(d.log.at(-1), /hangup too-many-failures$/);
  t.equal(d.ivr.state, 'ended');
  t.equal(d.log.filter((l) => l.includes('verify')).length, 3);
});

t.test('a first-digit timeout spends a try without verifying', async (t) => {
  const d = new Driver({ kind: 'ivr' });
  d.finishPlayback();
  d.nowMs += 10_000;
  d.apply(d.ivr.entryTimeout(d.nowMs));
  t.equal(d.ivr.failureCount, 1);
  t.notOk(d.log.some((l) => l.includes('verify')));
  t.match(d.log.at(-1), /play invalid\+pause2000\+try-again/);
});

t.test('the whole IVR ends at 60 s', async (t) => {
  const d = new Driver({ kind: 'ivr' });
  t.same(d.ivr.tick(59_999), []);
  d.nowMs = 60_000;
  d.apply(d.ivr.tick(d.nowMs));
  t.same(d.log.slice(-3), ['60000 stop', '60000 discard', '60000 play goodbye (unskippable)']);
  d.finishPlayback();
  t.match(d.log.at(-1), /hangup ivr-timeout$/);
});

t.test('policy refusal plays its prompts then goodbye', async (t) => {
  const ivr = new IvrSession({ target: { kind: 'room', roomId: ROOM.id }, settings: DEFAULT_IVR_SETTINGS, pinLengths: lengths });
  ivr.start(0);
  ivr.entryComplete('12345678', 100);
  const effects = ivr.verified({ kind: 'refused', prompts: ['locked-out'] }, 200);
  t.same(effects, [{ kind: 'discard-digits' }, { kind: 'play', items: [{ kind: 'prompt', name: 'locked-out' }, { kind: 'prompt', name: 'goodbye' }], bargeIn: false }]);
  t.same(ivr.playbackDone(300), [{ kind: 'hangup', reason: 'refused' }]);
});

t.test('dump never carries digits', async (t) => {
  const ivr = new IvrSession({ target: { kind: 'ivr' }, settings: DEFAULT_IVR_SETTINGS, pinLengths: lengths });
  ivr.start(0);
  ivr.entryComplete(ROOM.id, 10);
  t.notMatch(JSON.stringify(ivr.dump()), /[0-9]{4}/);
});

t.test("announce target (a locked source's first call): the prompts, goodbye, hang up; digits ignored", async (t) => {
  const ivr = new IvrSession({ target: { kind: 'announce', prompts: ['too-many-attempts'] }, settings: DEFAULT_IVR_SETTINGS, pinLengths: () => ({ pinLength: 8, hostPinLength: 10 }) });
  const started = ivr.start(0);
  t.same(started, [{ kind: 'discard-digits' }, { kind: 'play', items: [{ kind: 'prompt', name: 'too-many-attempts' }, { kind: 'prompt', name: 'goodbye' }], bargeIn: false }]);
  t.same(ivr.firstDigit('1', 100), [], 'no entry is collected');
  t.same(ivr.playbackDone(3000), [{ kind: 'hangup', reason: 'refused' }]);
  t.equal(ivr.state, 'ended');
});
