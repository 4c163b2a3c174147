import t from 'tap';
import fc from 'fast-check';
import { generatePin, MAX_PIN_DRAWS, PinGenerationError, type RandomInt } from './generate-pin.js';
import { structuralRejection, validatePin } from './validate-pin.js';
import {
  hasFewDistinctDigits,
  hasRepeatedRun,
  hasSequentialRun,
  isArithmeticProgression,
  isCalendarDate,
  isKeypadPattern,
  isPalindrome,
  isPeriodic,
} from './structural-rules.js';

/** mulberry32: a small seeded PRNG, so sampled fractions are reproducible. */
function seededRandom(seed: number): RandomInt {
  let state = seed >>> 0;
  return (min, max) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    const unit = ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    return min + Math.floor(unit * (max - min));
  };
}

const seed = Date.now() % 2147483647;
t.comment(`fast-check seed ${seed}`);

t.test('generated PINs always pass the validator in their context (property)', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom(6, 8, 10, 12),
      fc.stringMatching(/^[1-9][0-9]{8}$/),
      (rngSeed, length, roomId) => {
        const random = seededRandom(rngSeed);
        const participant = generatePin(8, { roomId }, random);
        const pin = generatePin(length, { roomId, otherRolePin: participant, phoneNumbers: ['+15551234567'] }, random);
        const recheck = validatePin(pin, { roomId, otherRolePin: participant, phoneNumbers: ['+15551234567'], length });
        return pin.length === length && recheck.ok && validatePin(participant, { roomId }).ok;
      },
    ),
    { seed, numRuns: 300 },
  );
  t.pass('300 contexts');
});

t.test('generation draws again while the validator refuses, at most 100 times', async (t) => {
  let calls = 0;
  const alwaysSeven: RandomInt = () => {
    calls++;
    return 7;
  };
  t.throws(() => generatePin(8, {}, alwaysSeven), PinGenerationError);
  t.equal(calls, 8 * MAX_PIN_DRAWS, '100 draws of 8 digits, then it gives up');
  const queue = [...'77777777', ...'48271963'].map(Number);
  const scripted: RandomInt = () => queue.shift() ?? 0;
  t.equal(generatePin(8, {}, scripted), '48271963', 'the weak first draw is discarded');
  t.throws(() => generatePin(5), { code: 'bad-length' });
  t.throws(() => generatePin(13), { code: 'bad-length' });
});

t.test('the default generator uses crypto randomness and yields the requested length', async (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const pin = generatePin(10);
    t.match(pin, /^[0-9]{10}$/);
    seen.add(pin);
  }
  t.equal(seen.size, 200, 'no repeats in 200 draws of 10 digits');
});

// SECURITY.md's table, measured by exhaustive enumeration for 6 digits. Expected figures
// are the table's (percent of the space); the tolerance covers its rounding.
t.test('6-digit rule fractions match the SECURITY.md table (exhaustive)', async (t) => {
  const rules: ReadonlyArray<[string, (d: string) => boolean, number]> = [
    ['R1', isArithmeticProgression, 0.01],
    ['R2', isPeriodic, 0.11],
    ['R3', isPalindrome, 0.1],
    ['R4', hasRepeatedRun, 0.28],
    ['R5', hasSequentialRun, 0.4],
    ['R6', hasFewDistinctDigits, 0.28],
    ['R7', isCalendarDate, 8.4],
    ['R8', isKeypadPattern, 0.026],
  ];
  const counts = new Map<string, number>();
  let any = 0;
  for (let i = 0; i < 1_000_000; i++) {
    const digits = String(i).padStart(6, '0');
    let hit = false;
    for (const [name, isWeak] of rules) {
      if (isWeak(digits)) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        hit = true;
      }
    }
    if (hit) any++;
  }
  for (const [name, , expectedPct] of rules) {
    const pct = (counts.get(name) ?? 0) / 10_000;
    t.ok(Math.abs(pct - expectedPct) <= Math.max(0.006, expectedPct * 0.05), `${name}: ${pct.toFixed(3)} % vs ${expectedPct} %`);
  }
  t.ok(Math.abs(any / 10_000 - 9.4) < 0.1, `any rule: ${(any / 10_000).toFixed(2)} % vs 9.4 %`);
});

t.test('8- and 10-digit structural rejection rates (sampled)', async (t) => {
  const random = seededRandom(20261123);
  const samples = 200_000;
  for (const [length, expectedPct, low, high] of [
    [8, 0.67, 0.55, 0.8],
    [10, 1.06, 0.92, 1.2],
  ] as const) {
    let rejected = 0;
    for (let i = 0; i < samples; i++) {
      let digits = '';
      for (let j = 0; j < length; j++) digits += String(random(0, 10));
      if (structuralRejection(digits) !== undefined) rejected++;
    }
    const pct = (rejected / samples) * 100;
    t.ok(pct >= low && pct <= high, `${length} digits: ${pct.toFixed(3)} % vs ${expectedPct} %`);
    if (length === 8) t.ok(pct < 1, '8-digit structural rejection stays under 1 %');
  }
});
