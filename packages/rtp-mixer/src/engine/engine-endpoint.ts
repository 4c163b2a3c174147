/**
 * One call's media inside a worker: its {@link RtpPort}, playout buffer, codec, DTMF
 * detectors, its own playlist queue, and the send side (packetisation at the negotiated
 * ptime, RTP sequence/timestamp, hold handling). The room or the worker tick drives it.
 */
import { InbandDetector, Rfc4733Decoder, type DtmfDigitEvent } from '@pinbridge/dtmf';
import type { RtpPort } from '../io/index.js';
import { writeRtpHeader, type RtpPacketView } from '../packet/index.js';
import type { EndpointOptions, EndpointStats, MediaDirection } from '../protocol/index.js';
import { MAX_FRAME_PAYLOAD_BYTES, type FrameCodec } from './frame-codec.js';
import { FRAME_NONE, FRAME_PAYLOAD, FRAME_PCM, PlayoutBuffer } from './playout-buffer.js';
import type { PlaylistPlayer } from './playlist-player.js';

/** RFC 3551 static payload type of comfort noise (RFC 3389): tolerated, played as silence. */
const CN_PAYLOAD_TYPE = 13;

/**
 * Input frames dropped after the last one in which the in-band detector saw a keypad tone
 * pair: a key's tail (the detector needs a whole 20 ms window of tone) and the detector's
 * block alignment never reach the room.
 */
const KEYPAD_TONE_HANGOVER_FRAMES = 2;

/** What an endpoint reports upward. */
export interface EndpointSink {
  digit(endpointId: string, event: DtmfDigitEvent): void;
}

export class EngineEndpoint {
  readonly playout: PlayoutBuffer;
  /** Queued playlists; the first one plays. */
  readonly players: PlaylistPlayer[] = [];
  /** The room this endpoint is mixed in, on this worker or (via rings) another one. */
  roomId: string | undefined;
  /** Whether its room lives on another worker (its audio goes through rings). */
  isRemoteLeg = false;
  isTimedOut = false;
  droppedUnknownPayload = 0;
  private direction: MediaDirection;
  private readonly rfc4733: Rfc4733Decoder | undefined;
  private readonly inband: InbandDetector | undefined;
  private hasRfc4733Digits = false;
  /** Input frames still to drop from the mix because of a keypad tone (in-band callers). */
  private keypadHoldFrames = 0;
  /** Input frames kept out of the mix because they held (or followed) a keypad tone. */
  keypadFramesDropped = 0;
  private lastSsrc: number | undefined;
  private readonly out = [Buffer.alloc(12 + MAX_FRAME_PAYLOAD_BYTES * 3), Buffer.alloc(12 + MAX_FRAME_PAYLOAD_BYTES * 3)];
  private outIndex = 0;
  private accumulated = 0;
  private accumulatedSamples = 0;
  private sequenceNumber: number;
  private timestamp: number;
  private isFirstPacket = true;
  private readonly samplesPerPacket: number;
  private readonly isByteAligned: boolean;
  private readonly exactViews: Buffer[];

  constructor(
    readonly endpointId: string,
    readonly options: EndpointOptions,
    readonly codec: FrameCodec,
    readonly port: RtpPort,
    private readonly ssrc: number,
    private readonly sink: EndpointSink,
  ) {
    this.playout = new PlayoutBuffer(codec);
    this.direction = options.direction ?? 'sendrecv';
    if (options.telephoneEventPayloadType !== undefined) {
      this.rfc4733 = new Rfc4733Decoder({ clockRateHz: options.telephoneEventClockRateHz ?? 8000 });
    }
    if (options.inbandDtmf === true) this.inband = new InbandDetector({ sampleRateHz: codec.sampleRateHz });
    // G.711 can be cut at any ptime; Opus frames stay 20 ms (RFC 7587 allows any listed duration).
    this.isByteAligned = options.codec.name !== 'opus';
    const ptime = this.isByteAligned && options.ptimeMs >= 10 && options.ptimeMs <= 60 && options.ptimeMs % 10 === 0 ? options.ptimeMs : 20;
    this.samplesPerPacket = (codec.sampleRateHz * ptime) / 1000;
    // Exact-length views of the two send buffers for fixed-size (G.711) packets.
    this.exactViews = this.out.map((b) => b.subarray(0, 12 + this.samplesPerPacket));
    this.sequenceNumber = Math.floor(Math.random() * 0x10000);
    this.timestamp = Math.floor(Math.random() * 0x100000000);
  }

  /** Whether we send RTP (our SDP direction is sendrecv or sendonly). */
  get canSend(): boolean {
    return this.direction === 'sendrecv' || this.direction === 'sendonly';
  }

  /** Whether we expect RTP (sendrecv or recvonly): the inactivity timer runs only then. */
  get expectsMedia(): boolean {
    return this.direction === 'sendrecv' || this.direction === 'recvonly';
  }

  /** Applies a re-INVITE's direction. */
  setDirection(direction: MediaDirection, nowMs: number): void {
    if (!this.expectsMedia && (direction === 'sendrecv' || direction === 'recvonly')) this.port.lastRtpMs = nowMs;
    this.direction = direction;
    this.isTimedOut = false;
  }

  /** The io layer's callback: one accepted RTP packet from the latched source. */
  onRtp(view: RtpPacketView, arrivalMs: number): void {
    const payloadType = view.payloadType;
    const payloadOffset = view.payloadOffset;
    const payloadEnd = payloadOffset + view.payloadLength;
    if (payloadType === this.options.codec.payloadType) {
      const ssrc = view.ssrc;
      if (ssrc !== this.lastSsrc) {
        if (this.lastSsrc !== undefined) this.playout.reset();
        this.lastSsrc = ssrc;
      }
      if (!this.expectsMedia) return;
      this.playout.push(view.buffer, payloadOffset, payloadEnd, view.sequenceNumber);
      return;
    }
    if (payloadType === this.options.telephoneEventPayloadType && this.rfc4733 !== undefined) {
      const digits = this.rfc4733.push(
        { payload: view.buffer.subarray(payloadOffset, payloadEnd), rtpTimestamp: view.timestamp, sequenceNumber: view.sequenceNumber, marker: view.marker },
        arrivalMs,
      );
      this.emitDigits(digits, true);
      return;
    }
    if (payloadType !== CN_PAYLOAD_TYPE) this.droppedUnknownPayload++;
  }

  private emitDigits(digits: readonly DtmfDigitEvent[], isRfc4733: boolean): void {
    for (const digit of digits) {
      if (isRfc4733) this.hasRfc4733Digits = true;
      this.sink.digit(this.endpointId, digit);
    }
  }

  /** Per tick: ends RFC 4733 digits whose end packets were lost (the decoder's timeout). */
  pollDigits(nowMs: number): void {
    if (this.rfc4733 !== undefined) this.emitDigits(this.rfc4733.poll(nowMs), true);
  }

  /**
   * Takes this tick's 20 ms of input: `FRAME_NONE`, `FRAME_PAYLOAD` (an undecoded G.711
   * payload in `playout.framePacket`, so listeners that are never mixed are never decoded), or
   * `FRAME_PCM` (samples at the codec rate in `pcm`). In-band DTMF detection, when enabled and
   * no RFC 4733 digit was seen, forces decoding, and a frame holding a keypad tone pair (and
   * the {@link KEYPAD_TONE_HANGOVER_FRAMES} after it) comes back as `FRAME_NONE`: the room
   * hears silence. The digit itself is only reported when the key is released, so muting on
   * the digit would let the first key of every menu through.
   */
  readInput(pcm: Int16Array, nowMs: number): number {
    const samples = this.codec.sampleRateHz / 50;
    let kind = this.playout.takeFrame(pcm, samples);
    const inband = this.inband;
    if (kind !== FRAME_NONE && inband !== undefined && !this.hasRfc4733Digits) {
      if (kind === FRAME_PAYLOAD) this.decodeTaken(pcm);
      kind = FRAME_PCM;
      this.emitDigits(inband.process(pcm.subarray(0, samples), nowMs), false);
      if (inband.tonePresent) this.keypadHoldFrames = 1 + KEYPAD_TONE_HANGOVER_FRAMES;
      if (this.keypadHoldFrames > 0) {
        this.keypadHoldFrames--;
        this.keypadFramesDropped++;
        return FRAME_NONE;
      }
    }
    return kind;
  }

  /** Decodes the payload {@link readInput} returned into `pcm`. */
  decodeTaken(pcm: Int16Array): void {
    const packet = this.playout.framePacket;
    if (packet !== undefined) this.codec.decode(packet, this.playout.frameStart, this.playout.frameEnd, pcm, 0);
  }

  /** {@link readInput}, always as samples in `out`; false when there is no audio. */
  readFrame(out: Int16Array, nowMs: number): boolean {
    const kind = this.readInput(out, nowMs);
    if (kind === FRAME_PAYLOAD) this.decodeTaken(out);
    return kind !== FRAME_NONE;
  }

  /** The endpoint's own playlist output added into (or written to) `frame`; false when idle. */
  readPlayback(frame: Int16Array, samples: number, mix: boolean): boolean {
    for (;;) {
      const player = this.players[0];
      if (player === undefined) return false;
      if (player.read(frame, samples, this.codec.sampleRateHz, mix)) return true;
      this.players.shift();
    }
  }

  /** Encodes and sends one 20 ms frame of PCM at the codec rate. */
  sendPcm(pcm: Int16Array, nowMs: number): void {
    if (!this.canSend) return;
    const samples = this.codec.sampleRateHz / 50;
    const buf = this.out[this.outIndex] ?? Buffer.alloc(0);
    const bytes = this.codec.encode(pcm, samples, buf, 12 + this.accumulated);
    this.afterPayload(bytes, samples, nowMs);
  }

  /** Sends one frame already encoded by someone else (the room's shared listener encode). */
  sendEncoded(payload: Uint8Array, nowMs: number): void {
    if (!this.canSend) return;
    const buf = this.out[this.outIndex] ?? Buffer.alloc(0);
    // TypedArray#set of an exact-length view is a plain memcpy; Buffer#copy of a part
    // allocates a view per call.
    buf.set(payload, 12 + this.accumulated);
    this.afterPayload(payload.length, this.codec.sampleRateHz / 50, nowMs);
  }

  private afterPayload(bytes: number, samples: number, nowMs: number): void {
    this.accumulated += bytes;
    this.accumulatedSamples += samples;
    while (this.accumulatedSamples >= this.samplesPerPacket) {
      const buf = this.out[this.outIndex] ?? Buffer.alloc(0);
      const payloadBytes = this.isByteAligned ? this.samplesPerPacket : this.accumulated;
      writeRtpHeader(buf, 0, {
        payloadType: this.options.codec.payloadType,
        marker: this.isFirstPacket,
        sequenceNumber: this.sequenceNumber,
        timestamp: this.timestamp,
        ssrc: this.ssrc,
      });
      const views = this.exactViews;
      const exact = payloadBytes === this.samplesPerPacket && this.isByteAligned ? views[this.outIndex] : undefined;
      this.port.send(exact ?? buf, 12 + payloadBytes, this.timestamp, nowMs);
      this.isFirstPacket = false;
      this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
      this.timestamp = (this.timestamp + this.samplesPerPacket * this.codec.rtpUnitsPerSample) >>> 0;
      // Alternate buffers: the previous send may still be queued in libuv.
      this.outIndex ^= 1;
      const rest = this.accumulated - payloadBytes;
      if (rest > 0) buf.copy(this.out[this.outIndex] ?? buf, 12, 12 + payloadBytes, 12 + this.accumulated);
      this.accumulated = rest;
      this.accumulatedSamples -= this.isByteAligned ? this.samplesPerPacket : samples;
    }
  }

  /** A snapshot of the endpoint's counters. */
  snapshot(nowMs: number): EndpointStats {
    const counters = this.port.counters;
    return {
      endpointId: this.endpointId,
      packetsReceived: counters.packetsReceived,
      packetsSent: counters.packetsSent,
      packetsLost: Math.max(0, this.port.stats.cumulativeLost),
      jitterMs: (this.port.stats.jitter / (this.options.codec.clockRateHz || 8000)) * 1000,
      droppedWrongSource: counters.droppedWrongSource,
      droppedRateCap: counters.droppedRateCap,
      keypadFramesDropped: this.keypadFramesDropped,
      droppedMalformed: counters.droppedMalformed + this.droppedUnknownPayload,
      ssrcChanges: counters.ssrcChanges,
      isLatched: this.port.isLatched,
      updatedAtMs: nowMs,
    };
  }
}
