import t from 'tap';
import { loadConfig } from '../config/index.js';
import { parseAbuseSettings } from './abuse-settings.js';

function settingsOf(yaml: string) {
  const loaded = loadConfig({ text: yaml, cwd: '/tmp' });
  if (!loaded.ok) throw loaded.error;
  return parseAbuseSettings(loaded.value);
}

t.test('defaults need no policy section', async (t) => {
  const parsed = settingsOf('');
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.equal(parsed.value.policy.source.failuresBeforeLock, 5);
  t.equal(parsed.value.policy.global.failuresPerHour, 50);
  t.same(parsed.value.warnings, []);
});

t.test('every number is a field; errors name it', async (t) => {
  const parsed = settingsOf('policy:\n  source:\n    failuresBeforeLock: 3\n  admission:\n    invitesPerSecond: 2\n');
  t.ok(parsed.ok);
  if (parsed.ok) {
    t.equal(parsed.value.policy.source.failuresBeforeLock, 3);
    t.equal(parsed.value.policy.admission.invitesPerSecond, 2);
  }
  const cases: Array<[string, RegExp]> = [
    ['policy:\n  source:\n    failuresBeforeLock: -1\n', /^policy\.source\.failuresBeforeLock: must be positive/],
    ['policy:\n  room:\n    host:\n      lockAt: "ten"\n', /^policy\.room\.host\.lockAt: must be a finite number/],
    ['policy:\n  sourcee: {}\n', /^policy\.sourcee: unknown field/],
    ['policy:\n  origin:\n    global:\n      denyCidrs: [10.0.0.1/8]\n', /^policy\.origin: .*host bits set/],
    ['policy:\n  origin:\n    rooms:\n      "123456789":\n        anonymous: maybe\n', /^policy\.origin\.rooms\.123456789\.anonymous: must be "allow" or "deny"/],
    ['policy:\n  origin:\n    global:\n      denyCountries: [germany]\n', /^policy\.origin\.global\.denyCountries: must list ISO 3166-1/],
    ['policy:\n  origin:\n    planet: {}\n', /^policy\.origin\.planet: unknown field/],
  ];
  for (const [yaml, pattern] of cases) {
    const bad = settingsOf(yaml);
    t.notOk(bad.ok, yaml);
    if (!bad.ok) t.match(bad.error.message, pattern);
  }
});

t.test('the global budget is checked against the PIN lengths (G <= 0.001 * 10^n / 720)', async (t) => {
  const refused = settingsOf('ivr:\n  pinLength: 6\n');
  t.notOk(refused.ok, '6-digit PINs with G = 50 are refused');
  if (!refused.ok) t.match(refused.error.message, /^policy\.global\.failuresPerHour: .*safe bound 1\.39 .*ivr\.pinLength/);
  const warned = settingsOf('policy:\n  global:\n    failuresPerHour: 500\n    burst: 500\n');
  t.ok(warned.ok);
  if (warned.ok) t.match(warned.value.warnings.join('\n'), /exceeds the safe bound 138\.89 .*ivr\.pinLength/);
  const sized = settingsOf('ivr:\n  pinLength: 6\npolicy:\n  global:\n    failuresPerHour: 1\n    burst: 1\n');
  t.ok(sized.ok, 'a budget sized for 6 digits is accepted');
});

t.test('origin rules compile', async (t) => {
  const parsed = settingsOf('policy:\n  origin:\n    global:\n      denyCidrs: [198.51.100.0/24]\n    trunks:\n      carrier:\n        denyCallerPrefixes: ["+1900"]\n');
  t.ok(parsed.ok);
  if (parsed.ok) t.equal(parsed.value.origin.global.denyCidrs.length, 1);
});
