/**
 * PIN generation (SECURITY.md §"Weak-PIN blocklist"): draw uniformly from a CSPRNG and draw
 * again while the validator refuses, at most 100 times.
 */
import { randomInt } from 'node:crypto';
import { BridgeError } from '../config/bridge-error.js';
import { type Pin, PIN_MAX_LENGTH, PIN_MIN_LENGTH } from './pin.js';
import { type PinContext, validatePin } from './validate-pin.js';

/** A uniform integer in [min, max); `crypto.randomInt` by default, seeded fakes in tests. */
export type RandomInt = (min: number, max: number) => number;

/** How many draws the generator makes before it gives up. */
export const MAX_PIN_DRAWS = 100;

/** Why generation could not produce a code. */
export type PinGenerationErrorCode = 'bad-length' | 'exhausted';

/** A generator failure: a programmer error (bad length) or a context no code can satisfy. */
export class PinGenerationError extends BridgeError<PinGenerationErrorCode> {
  override readonly name = 'PinGenerationError';
}

/** `length` uniform random decimal digits. */
export function randomDigits(length: number, random: RandomInt = randomInt): string {
  let digits = '';
  for (let i = 0; i < length; i++) digits += String(random(0, 10));
  return digits;
}

/**
 * Generates a PIN of `length` digits that passes {@link validatePin} in `context`.
 * Throws `PinGenerationError` for a length outside 6-12 or when 100 draws were all refused
 * (only an impossible context does that: 8-digit draws are refused under 1 % of the time).
 */
export function generatePin(length: number, context: PinContext = {}, random: RandomInt = randomInt): Pin {
  if (!Number.isInteger(length) || length < PIN_MIN_LENGTH || length > PIN_MAX_LENGTH) {
    throw new PinGenerationError('bad-length', `PIN length must be an integer from ${PIN_MIN_LENGTH} to ${PIN_MAX_LENGTH}`);
  }
  for (let draw = 0; draw < MAX_PIN_DRAWS; draw++) {
    const checked = validatePin(randomDigits(length, random), { ...context, length });
    if (checked.ok) return checked.value;
  }
  throw new PinGenerationError('exhausted', `no acceptable ${length}-digit PIN in ${MAX_PIN_DRAWS} draws`);
}
