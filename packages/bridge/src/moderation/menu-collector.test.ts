import t from 'tap';
import { defaultKeyMap } from './key-map.js';
import { MenuCollector } from './menu-collector.js';

const keyMap = defaultKeyMap();

t.test('a guest completes *6', async (t) => {
  const menu = new MenuCollector({ keyMap, role: 'guest' });
  t.same(menu.push('*', 0), { kind: 'pending' });
  t.ok(menu.isCollecting, 'audio must stay out of the mix mid-sequence');
  t.same(menu.push('6', 300), { kind: 'action', action: 'toggle-self-mute' });
  t.notOk(menu.isCollecting);
});

t.test('a guest is refused a host key', async (t) => {
  const menu = new MenuCollector({ keyMap, role: 'guest' });
  menu.push('*', 0);
  t.same(menu.push('7', 100), { kind: 'forbidden', action: 'toggle-lock' });
  menu.push('#', 200);
  t.same(menu.push('#', 300), { kind: 'forbidden', action: 'end-conference' });
});

t.test('a host gets ## and *7', async (t) => {
  const menu = new MenuCollector({ keyMap, role: 'host' });
  menu.push('#', 0);
  t.same(menu.push('#', 50), { kind: 'action', action: 'end-conference' });
  menu.push('*', 100);
  t.same(menu.push('7', 150), { kind: 'action', action: 'toggle-lock' });
});

t.test('digits that start nothing are a no-match at once', async (t) => {
  const menu = new MenuCollector({ keyMap, role: 'host' });
  t.same(menu.push('5', 0), { kind: 'no-match' });
  t.notOk(menu.isCollecting);
});

t.test('a half sequence times out after the inter-digit timeout', async (t) => {
  const menu = new MenuCollector({ keyMap, role: 'host', interDigitTimeoutMs: 1000 });
  menu.push('*', 0);
  t.equal(menu.deadline, 1000);
  t.same(menu.poll(999), { kind: 'pending' });
  t.same(menu.poll(1000), { kind: 'no-match' });
  t.same(menu.poll(1001), { kind: 'idle' });
  t.equal(menu.deadline, undefined);
});

t.test('a role change (guest given host rights) applies at once', async (t) => {
  const menu = new MenuCollector({ keyMap, role: 'guest' });
  menu.role = 'host';
  menu.push('*', 0);
  t.same(menu.push('8', 10), { kind: 'action', action: 'roll-call' });
});
