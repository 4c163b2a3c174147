// Mix-minus, loudest-N, mute/deaf/gain and the shared listener encode, with in-memory members.
import t from 'tap';
import { EngineRoom } from './engine-room.js';
import { memberState, type MemberState, type RoomMember } from './room-member.js';

/** A participant whose input is a constant DC level (easy to reason about sums). */
class FakeMember implements RoomMember {
  readonly state: MemberState;
  readonly nativeRateHz = 8000 as const;
  heardPcm: number[] = [];
  heardShared = 0;
  constructor(
    readonly endpointId: string,
    private readonly level: number,
    options: { muted?: boolean; deaf?: boolean; gainDb?: number } = {},
  ) {
    this.state = memberState(options);
  }
  pull(): boolean {
    return this.level !== 0;
  }
  energy(): number {
    return this.level * this.level;
  }
  decode(frame: Int16Array): void {
    frame.fill(this.level, 0, 160);
  }
  sharedKey(): string | undefined {
    return undefined; // raw PCM to every member, so the test sees each one's mix
  }
  sendEncoded(): void {
    this.heardShared++;
  }
  sendPcm(pcm: Int16Array): void {
    this.heardPcm.push(pcm[0] ?? 0);
  }
  hasOwnPlayback(): boolean {
    return false;
  }
}

function roomWith(members: FakeMember[], talkers = 3): { room: EngineRoom; talking: string[] } {
  const talking: string[] = [];
  const room = new EngineRoom('r', talkers, { talking: (id, _room, isTalking) => talking.push(`${id}:${isTalking}`) });
  for (const m of members) room.add(m);
  return { room, talking };
}

t.test('each talker hears the others, never itself; listeners hear everyone', async (t) => {
  const a = new FakeMember('a', 1000);
  const b = new FakeMember('b', 2000);
  const c = new FakeMember('c', 0); // silent listener
  const { room, talking } = roomWith([a, b, c]);
  room.mix(0);
  t.same([a.heardPcm[0], b.heardPcm[0], c.heardPcm[0]], [2000, 1000, 3000]);
  t.same(talking.sort(), ['a:true', 'b:true']);
});

t.test('only the loudest N are mixed', async (t) => {
  const members = [new FakeMember('q', 500), new FakeMember('l', 4000), new FakeMember('m', 2000), new FakeMember('s', 0)];
  const { room } = roomWith(members, 2);
  room.mix(0);
  // l and m are mixed; q (quietest talker) is not, so it hears l + m like a listener.
  t.same(
    members.map((m) => m.heardPcm[0]),
    [6000, 2000, 4000, 6000],
  );
});

t.test('mute removes a voice, deaf hears silence, gain scales', async (t) => {
  const loud = new FakeMember('loud', 1000, { gainDb: 20 * Math.log10(2) });
  const muted = new FakeMember('muted', 3000, { muted: true });
  const deaf = new FakeMember('deaf', 0, { deaf: true });
  const { room } = roomWith([loud, muted, deaf]);
  room.mix(0);
  t.equal(muted.heardPcm[0], 2000, 'the muted member hears the loud one, doubled by its gain');
  t.equal(loud.heardPcm[0], 0, 'nobody else talks');
  t.equal(deaf.heardPcm[0], 0, 'deaf hears silence');
});

t.test('the sum is clipped, not wrapped', async (t) => {
  const members = [new FakeMember('x', 30000), new FakeMember('y', 30000), new FakeMember('z', 0)];
  const { room } = roomWith(members);
  room.mix(0);
  t.equal(members[2]?.heardPcm[0], 32767);
});
