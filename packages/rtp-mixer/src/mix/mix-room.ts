import { LIMITER_KNEE, softLimit } from './soft-limiter.js';
import type { VoiceActivityDetector } from './voice-activity-detector.js';

/** One participant's frame for this tick, at the room rate. */
export interface MixInput {
  /** Decoded frame (exactly `frameSamples` long) or null when nothing was received. */
  readonly pcm: Int16Array | null;
  /** Linear gain applied to what this participant sends (1 = unchanged). */
  readonly gain: number;
  /** Muted: contributes nothing. */
  readonly isMuted: boolean;
  /** Deaf: hears silence. */
  readonly isDeaf: boolean;
  /** The participant's detector (state kept by the caller across ticks). */
  readonly vad: VoiceActivityDetector;
  /** Where this participant's mix-minus goes when it is a selected talker (`frameSamples` long). */
  readonly output: Int16Array;
}

/** What a participant must be sent this tick. */
export const Hears = {
  /** The shared listener mix ({@link MixState.shared}): encode it ONCE per codec for all such participants. */
  Shared: 0,
  /** Its own mix-minus, written to its {@link MixInput.output}. */
  Own: 1,
  /** Silence (deaf). */
  Silence: 2,
} as const;
/** One of the {@link Hears} values. */
export type Hears = (typeof Hears)[keyof typeof Hears];

/** Options of {@link mixRoom}. */
export interface MixOptions {
  /** How many of the loudest speaking participants are mixed (default 3). */
  readonly maxTalkers?: number;
  /** Limiter knee (default {@link LIMITER_KNEE}). */
  readonly limiterKnee?: number;
}

/**
 * Scratch and results of one room's mix, reused every tick. Buffers grow only when the frame size
 * or the participant count grows.
 */
export class MixState {
  /** The mix every non-talking, non-deaf participant hears. */
  shared: Int16Array;
  /** Per input index: what it hears this tick. */
  hears: Uint8Array = new Uint8Array(16);
  /** Indices of the selected talkers, loudest first; `talkerCount` of them are valid. */
  readonly talkers: Int32Array = new Int32Array(32);
  talkerCount = 0;
  private acc: Float32Array;

  constructor(readonly frameSamples: number) {
    this.shared = new Int16Array(frameSamples);
    this.acc = new Float32Array(frameSamples);
  }

  /** @internal */
  sum(): Float32Array {
    return this.acc;
  }

  /** @internal Makes room for `participants` inputs. */
  ensure(participants: number): void {
    if (this.hears.length < participants) this.hears = new Uint8Array(participants * 2);
  }
}

/**
 * Mixes one room tick: runs every participant's VAD, keeps the `maxTalkers` loudest speaking,
 * unmuted participants, writes each talker's mix-minus (the sum of the other talkers) into its
 * `output`, and the sum of all talkers into `state.shared` for everyone else. Deaf participants
 * get {@link Hears.Silence}. Every output goes through the soft limiter. Pure and allocation-free;
 * time does not enter.
 */
export function mixRoom(inputs: readonly MixInput[], state: MixState, options: MixOptions = {}): void {
  const n = state.frameSamples;
  const maxTalkers = Math.min(options.maxTalkers ?? 3, state.talkers.length);
  const knee = options.limiterKnee ?? LIMITER_KNEE;
  state.ensure(inputs.length);
  const talkers = state.talkers;
  let count = 0;
  for (let p = 0; p < inputs.length; p++) {
    const input = inputs[p];
    if (input === undefined) continue;
    const isSpeaking = input.pcm !== null && input.vad.process(input.pcm);
    if (!isSpeaking || input.isMuted || input.gain === 0) continue;
    // Insertion into the loudest-first list, bounded by maxTalkers.
    const level = input.vad.levelDb;
    let at = count;
    while (at > 0 && level > (inputs[talkers[at - 1] ?? 0]?.vad.levelDb ?? 0)) at--;
    if (at >= maxTalkers) continue;
    for (let k = Math.min(count, maxTalkers - 1); k > at; k--) talkers[k] = talkers[k - 1] ?? 0;
    talkers[at] = p;
    if (count < maxTalkers) count++;
  }
  state.talkerCount = count;
  const acc = state.sum();
  acc.fill(0, 0, n);
  for (let k = 0; k < count; k++) {
    const input = inputs[talkers[k] ?? 0];
    const pcm = input?.pcm;
    if (input === undefined || pcm === null || pcm === undefined) continue;
    const g = input.gain;
    for (let i = 0; i < n; i++) acc[i] = (acc[i] ?? 0) + (pcm[i] ?? 0) * g;
  }
  const shared = state.shared;
  for (let i = 0; i < n; i++) shared[i] = softLimit(acc[i] ?? 0, knee);
  const hears = state.hears;
  for (let p = 0; p < inputs.length; p++) hears[p] = inputs[p]?.isDeaf === true ? Hears.Silence : Hears.Shared;
  for (let k = 0; k < count; k++) {
    const p = talkers[k] ?? 0;
    const input = inputs[p];
    const pcm = input?.pcm;
    if (input === undefined || input.isDeaf || pcm === null || pcm === undefined) continue;
    hears[p] = Hears.Own;
    const out = input.output;
    const g = input.gain;
    for (let i = 0; i < n; i++) out[i] = softLimit((acc[i] ?? 0) - (pcm[i] ?? 0) * g, knee);
  }
}
