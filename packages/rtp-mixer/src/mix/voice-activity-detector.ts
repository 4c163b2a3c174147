/** Options of {@link VoiceActivityDetector}. */
export interface VoiceActivityOptions {
  /** Frame duration the detector is fed with (default 20). */
  readonly frameMs?: number;
  /** How long speech is held after the last loud frame, so word gaps don't cut (default 200). */
  readonly hangoverMs?: number;
  /** A frame is speech when this many dB above the tracked noise floor (default 9). */
  readonly thresholdDb?: number;
  /** Frames quieter than this (dBFS) are never speech (default -50). */
  readonly minLevelDb?: number;
}

/** Level reported for digital silence. */
const SILENCE_DB = -96;
/** The noise floor follows drops immediately but rises at most this much per frame (slow, so speech doesn't lift it). */
const FLOOR_RISE_DB_PER_FRAME = 0.1;

/**
 * Energy voice activity detection with noise-floor tracking and hangover. Per-participant state,
 * fed one frame per tick; allocation-free.
 */
export class VoiceActivityDetector {
  private readonly thresholdDb: number;
  private readonly minLevelDb: number;
  private readonly hangoverFrames: number;
  private floorDb = -70;
  private hangLeft = 0;
  private lastLevelDb = SILENCE_DB;
  private speaking = false;

  constructor(options: VoiceActivityOptions = {}) {
    const frameMs = options.frameMs ?? 20;
    this.thresholdDb = options.thresholdDb ?? 9;
    this.minLevelDb = options.minLevelDb ?? -50;
    this.hangoverFrames = Math.round((options.hangoverMs ?? 200) / frameMs);
  }

  /** Level of the last frame in dBFS (RMS relative to int16 full scale). */
  get levelDb(): number {
    return this.lastLevelDb;
  }

  /** Decision of the last frame (hangover included). */
  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** Feeds one frame; returns whether the participant is speaking. */
  process(pcm: Int16Array): boolean {
    let sum = 0;
    for (let i = 0; i < pcm.length; i++) {
      const s = pcm[i] ?? 0;
      sum += s * s;
    }
    const meanSquare = pcm.length === 0 ? 0 : sum / pcm.length;
    const level = meanSquare === 0 ? SILENCE_DB : 10 * Math.log10(meanSquare / (32768 * 32768));
    this.lastLevelDb = level;
    const isLoud = level > this.minLevelDb && level > this.floorDb + this.thresholdDb;
    if (level < this.floorDb) this.floorDb = level;
    else this.floorDb = Math.min(level, this.floorDb + FLOOR_RISE_DB_PER_FRAME);
    if (isLoud) {
      this.hangLeft = this.hangoverFrames;
      this.speaking = true;
    } else if (this.hangLeft > 0) {
      this.hangLeft--;
      this.speaking = true;
    } else {
      this.speaking = false;
    }
    return this.speaking;
  }

  /** Forgets history (new call leg). */
  reset(): void {
    this.floorDb = -70;
    this.hangLeft = 0;
    this.speaking = false;
    this.lastLevelDb = SILENCE_DB;
  }
}
