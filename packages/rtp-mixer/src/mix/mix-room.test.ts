import t from 'tap';
import { Hears, MixState, mixRoom, type MixInput } from './mix-room.js';
import { VoiceActivityDetector } from './voice-activity-detector.js';

const N = 160;

function participant(level: number, extra: Partial<MixInput> = {}): MixInput {
  // A square wave ±level: loud enough for the VAD above -50 dBFS when level ≥ 200.
  const pcm = level === 0 ? new Int16Array(N) : Int16Array.from({ length: N }, (_, i) => (i % 2 === 0 ? level : -level));
  return { pcm, gain: 1, isMuted: false, isDeaf: false, vad: new VoiceActivityDetector(), output: new Int16Array(N), ...extra };
}

function expectSum(t: { same: (a: unknown, b: unknown, m: string) => unknown }, out: Int16Array, levels: number[], what: string): void {
  const sum = levels.reduce((a, b) => a + b, 0);
  t.same([out[0], out[1]], [sum, -sum], what);
}

t.test('mix-minus: a talker never hears itself; others hear exact sums', async (t) => {
  const a = participant(1000);
  const b = participant(2000);
  const c = participant(0);
  const d = participant(0);
  const state = new MixState(N);
  mixRoom([a, b, c, d], state);
  t.equal(state.talkerCount, 2);
  t.same([state.talkers[0], state.talkers[1]], [1, 0], 'loudest first');
  t.same([...state.hears.subarray(0, 4)], [Hears.Own, Hears.Own, Hears.Shared, Hears.Shared]);
  expectSum(t, a.output, [2000], 'A hears only B');
  expectSum(t, b.output, [1000], 'B hears only A');
  expectSum(t, state.shared, [1000, 2000], 'listeners hear A+B');
});

t.test('shared listener mix equals the per-listener mix', async (t) => {
  const ps = [participant(300), participant(700), participant(1100), participant(0)];
  const state = new MixState(N);
  mixRoom(ps, state);
  // A listener's own mix-minus is the sum of all talkers minus nothing.
  const expected = new Int16Array(N);
  for (const p of ps.slice(0, 3)) for (let i = 0; i < N; i++) expected[i] = (expected[i] ?? 0) + (p.pcm?.[i] ?? 0);
  t.same([...state.shared], [...expected]);
});

t.test('loudest-N selection', async (t) => {
  const ps = [participant(500), participant(4000), participant(1500), participant(3000), participant(2500)];
  const state = new MixState(N);
  mixRoom(ps, state, { maxTalkers: 3 });
  t.equal(state.talkerCount, 3);
  t.same([...state.talkers.subarray(0, 3)], [1, 3, 4]);
  t.equal(state.hears[0], Hears.Shared, 'quiet speaker is not mixed and hears the shared mix');
  expectSum(t, state.shared, [4000, 3000, 2500], 'shared = the three loudest');
  expectSum(t, ps[1]?.output ?? new Int16Array(2), [3000, 2500], 'loudest hears the other two');
});

t.test('gain, mute and deaf', async (t) => {
  const a = participant(1000, { gain: 0.5 });
  const b = participant(2000, { isMuted: true });
  const c = participant(800, { isDeaf: true });
  const d = participant(0);
  const state = new MixState(N);
  mixRoom([a, b, c, d], state);
  t.same([...state.talkers.subarray(0, state.talkerCount)], [0, 2], 'muted B is not a talker; ranking uses the level before gain');
  expectSum(t, state.shared, [500, 800], 'A at half level, C full');
  t.equal(state.hears[2], Hears.Silence, 'deaf C hears nothing');
  expectSum(t, a.output, [800], 'A hears C');
  t.equal(state.hears[1], Hears.Shared, 'muted B still hears');
});

t.test('loud sums are limited, never wrapped', async (t) => {
  const ps = [participant(30000), participant(30000), participant(30000), participant(0)];
  const state = new MixState(N);
  mixRoom(ps, state);
  t.ok((state.shared[0] ?? 0) <= 32767 && (state.shared[0] ?? 0) > 30000);
  t.ok((state.shared[1] ?? 0) >= -32767 && (state.shared[1] ?? 0) < -30000);
});
