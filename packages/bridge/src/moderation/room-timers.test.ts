import t from 'tap';
import { RoomTimers } from './room-timers.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

t.test('automatic host hangup without grace ends the conference when the last host leaves', async (t) => {
  const timers = new RoomTimers({ endWhenHostLeaves: true });
  timers.join('h1', 'host', 0);
  timers.join('h2', 'host', 1000);
  timers.join('g1', 'guest', 2000);
  t.same(timers.leave('h1', 3000), [], 'another host is still there');
  t.same(timers.leave('h2', 4000), [{ kind: 'end-conference', reason: 'host-left', prompts: ['host-ended', 'goodbye'] }]);
  t.equal(timers.deadline, undefined, 'nothing left to time');
});

t.test('a grace period lets a dropped host call back', async (t) => {
  const timers = new RoomTimers({ endWhenHostLeaves: true, hostGraceMs: 60_000 });
  timers.join('h1', 'host', 0);
  timers.join('g1', 'guest', 0);
  t.same(timers.leave('h1', 10_000), []);
  t.equal(timers.deadline, 70_000);
  t.same(timers.poll(69_999), []);
  timers.join('h1-again', 'host', 50_000);
  t.same(timers.poll(70_000), [], 'the returning host cancels the hangup');
  t.same(timers.leave('h1-again', 100_000), []);
  t.same(timers.poll(159_999), []);
  t.same(timers.poll(160_000), [{ kind: 'end-conference', reason: 'host-left', prompts: ['host-ended', 'goodbye'] }]);
});

t.test('without automatic hangup, guests left alone hit the 15 min no-host timeout', async (t) => {
  const timers = new RoomTimers();
  timers.join('h1', 'host', 0);
  timers.join('g1', 'guest', 0);
  t.same(timers.leave('h1', 5 * MIN), []);
  t.equal(timers.deadline, 20 * MIN);
  t.same(timers.poll(20 * MIN - 1), []);
  t.same(timers.poll(20 * MIN), [{ kind: 'end-conference', reason: 'no-host-timeout', prompts: ['goodbye'] }]);
});

t.test('guests waiting for a host that never comes time out; a host arriving stops the clock', async (t) => {
  const timers = new RoomTimers({ noHostTimeoutMs: 10 * MIN });
  timers.join('g1', 'guest', 0);
  timers.join('g2', 'guest', 3 * MIN);
  t.equal(timers.deadline, 10 * MIN, 'the clock runs from the first lone guest');
  timers.join('h1', 'host', 9 * MIN);
  t.same(timers.poll(10 * MIN), []);
  t.notOk(timers.deadline !== undefined && timers.deadline < 12 * HOUR, 'only the call limits remain');
  t.ok(timers.hasHadHost);
});

t.test('an empty room times nothing, also during a grace period', async (t) => {
  const timers = new RoomTimers({ endWhenHostLeaves: true, hostGraceMs: MIN });
  timers.join('h1', 'host', 0);
  timers.join('g1', 'guest', 0);
  timers.leave('h1', 1000);
  t.same(timers.leave('g1', 2000), []);
  t.equal(timers.deadline, undefined);
  t.same(timers.poll(10 * HOUR), []);
});

t.test('each call ends after the 12 h max duration', async (t) => {
  const timers = new RoomTimers();
  timers.join('h1', 'host', 0);
  timers.join('g1', 'guest', HOUR);
  t.equal(timers.deadline, 12 * HOUR);
  t.same(timers.poll(12 * HOUR), [{ kind: 'disconnect', participantId: 'h1', reason: 'max-duration', prompts: ['goodbye'] }]);
  t.equal(timers.deadline, 12 * HOUR + 15 * MIN, 'the guest is now alone: the no-host clock runs');
  t.same(timers.poll(12 * HOUR + 15 * MIN), [{ kind: 'end-conference', reason: 'no-host-timeout', prompts: ['goodbye'] }]);
});
