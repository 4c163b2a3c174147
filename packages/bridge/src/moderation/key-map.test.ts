import t from 'tap';
import { bindingsForRole, buildKeyMap, defaultKeyMap } from './key-map.js';

t.test('default map binds PRODUCT.md keys', async (t) => {
  const map = defaultKeyMap();
  const expected: Array<[string, string, string[]]> = [
    ['*6', 'toggle-self-mute', ['guest', 'host']],
    ['*9', 'toggle-hand', ['guest', 'host']],
    ['*0', 'help', ['guest', 'host']],
    ['*7', 'toggle-lock', ['host']],
    ['*8', 'roll-call', ['host']],
    ['##', 'end-conference', ['host']],
    ['*5', 'toggle-mute-all', ['host']],
    ['*3', 'remove-last-guest', ['host']],
    ['*2', 'toggle-recording', ['host']],
    ['*1', 'give-floor', ['host']],
    ['*4', 'toggle-lecture-mode', ['host']],
  ];
  t.equal(map.size, expected.length);
  for (const [sequence, action, roles] of expected) {
    t.equal(map.get(sequence)?.action, action, sequence);
    t.same(map.get(sequence)?.roles, roles, `${sequence} roles`);
  }
});

t.test('guests see only their keys in help', async (t) => {
  const guest = bindingsForRole(defaultKeyMap(), 'guest').map((b) => b.sequence);
  t.same(guest, ['*0', '*6', '*9']);
  t.equal(bindingsForRole(defaultKeyMap(), 'host').length, 11);
});

t.test('overrides replace a default sequence', async (t) => {
  const built = buildKeyMap({ 'toggle-lock': '*77' });
  t.ok(built.ok);
  if (built.ok) {
    t.equal(built.value.get('*77')?.action, 'toggle-lock');
    t.notOk(built.value.has('*7'));
  }
});

t.test('bad maps are refused with the field named', async (t) => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ 'launch-rockets': '*1' }, 'unknown-action', /keyMap\.launch-rockets/],
    [{ 'toggle-lock': '7' }, 'bad-sequence', /keyMap\.toggle-lock: must be 2-4/],
    [{ 'toggle-lock': 42 }, 'bad-sequence', /keyMap\.toggle-lock/],
    [{ 'toggle-lock': '*6' }, 'duplicate-sequence', /already bound/],
    [{ 'toggle-lock': '*61' }, 'prefix-conflict', /prefix of/],
  ];
  for (const [overrides, code, message] of cases) {
    const built = buildKeyMap(overrides);
    t.notOk(built.ok, JSON.stringify(overrides));
    if (!built.ok) {
      t.equal(built.error.code, code);
      t.match(built.error.message, message);
    }
  }
});
