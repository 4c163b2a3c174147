import t from 'tap';
import { LiveEventBus, formatSseFrame, type LiveEvent } from './live-event-bus.js';

const lock: LiveEvent = { type: 'lock', at: '2026-11-22T10:00:00.000Z', roomId: '123456789', isLocked: true };

t.test('subscribers receive events until they unsubscribe', async (t) => {
  const bus = new LiveEventBus();
  const seen: string[] = [];
  const off = bus.subscribe((e) => seen.push(e.type));
  bus.publish(lock);
  off();
  bus.publish(lock);
  t.same(seen, ['lock']);
  t.equal(bus.subscriberCount, 0);
});

t.test('a throwing subscriber is dropped and the others still get the event', async (t) => {
  const bus = new LiveEventBus();
  const seen: string[] = [];
  bus.subscribe(() => {
    throw new Error('broken pipe');
  });
  bus.subscribe((e) => seen.push(e.type));
  bus.publish(lock);
  bus.publish(lock);
  t.same(seen, ['lock', 'lock']);
  t.equal(bus.listenerErrors, 1);
  t.equal(bus.subscriberCount, 1);
});

t.test('SSE frames carry the type and one JSON data line', async (t) => {
  const hostile: LiveEvent = { type: 'join', at: 'x', roomId: '1', callId: 'c', role: 'guest', displayName: 'Eve\n\nevent: alert' };
  const frame = formatSseFrame(7, hostile);
  t.equal(frame.split('\n\n').length, 2, 'a display name cannot end the frame early');
  t.match(frame, /^id: 7\nevent: join\ndata: \{.*\}\n\n$/s);
  t.same(JSON.parse(frame.split('data: ')[1] ?? ''), hostile);
});
