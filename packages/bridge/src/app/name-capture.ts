/**
 * Name recording at join (issue 7, room option `recordNames`) over the media engine:
 * "after the tone, say your name, then press #", at most 3 s, silence-trimmed, then loaded
 * as a prompt for entry/exit announcements and roll call.
 *
 *   prompting ──playback done──► recording ──# / 3 s──► finishing ──► joined (proceed)
 *       └──────────── the call ends at any step: recording stopped, nothing joined ───┘
 *
 * The engine never ships audio to the main thread on the per-packet path, so the name is
 * captured with the engine's own recorder: the caller alone in a private engine room whose
 * mix (only its voice) is written to a temporary WAV, read back once, trimmed with
 * `trimSilence` and loaded with `loadPrompt`. The file is deleted at once; the prompt is
 * overwritten with silence when the meeting ends (the engine has no prompt removal).
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NAME_RECORDING_MAX_MS, trimSilence } from '../moderation/index.js';
import { parseWav } from '../prompts-loader/index.js';
import type { JoinDetails } from '../room/index.js';
import type { CallSession } from './call-session.js';
import type { CallLogger, MediaControl, MediaLiveControl } from './ports.js';

interface Capture {
  readonly session: CallSession;
  readonly roomId: string;
  readonly captureRoom: string;
  readonly file: string;
  readonly proceed: (details: JoinDetails) => void;
  phase: 'prompting' | 'starting' | 'recording' | 'finishing' | 'done';
  deadlineMs: number;
}

/** See the file comment. */
export class NameCapture {
  private readonly captures = new Map<string, Capture>();
  /** callId → prompt name of its recorded name, per meeting. */
  private readonly names = new Map<string, { readonly roomId: string; readonly prompt: string }>();
  private nextId = 1;

  constructor(
    private readonly deps: {
      readonly media: MediaControl;
      readonly live: MediaLiveControl;
      /** Where the temporary WAVs go (deleted right after reading). */
      readonly workDir: string;
      readonly logger: CallLogger;
      readonly nowMs: () => number;
    },
  ) {}

  /** True while this call is in the name step (its digits and playbacks belong here). */
  isCapturing(callId: string): boolean {
    return this.captures.has(callId);
  }

  /** The prompt holding a participant's recorded name. */
  promptOf(callId: string): string | undefined {
    return this.names.get(callId)?.prompt;
  }

  /** Starts the name step; `proceed` runs once, when the caller may join. */
  start(session: CallSession, roomId: string, proceed: (details: JoinDetails) => void): void {
    const id = this.nextId++;
    const capture: Capture = {
      session,
      roomId,
      captureRoom: `name-capture-${id}`,
      file: join(this.deps.workDir, `name-${id}.wav`),
      proceed,
      phase: 'prompting',
      deadlineMs: Number.POSITIVE_INFINITY,
    };
    this.captures.set(session.callId, capture);
    session.playFromRoom([{ kind: 'prompt', name: 'say-your-name' }, { kind: 'tone', name: 'beep' }], false, 'nothing');
  }

  /** The caller's prompt finished: start recording. True when the playback was ours. */
  playbackDone(session: CallSession): boolean {
    const capture = this.captures.get(session.callId);
    if (capture === undefined) return false;
    if (capture.phase === 'prompting') void this.record(capture);
    return true;
  }

  /** A digit during the name step: `#` ends the recording; others are ignored. True when ours. */
  digit(session: CallSession, digit: string): boolean {
    const capture = this.captures.get(session.callId);
    if (capture === undefined) return false;
    if (digit === '#') {
      if (capture.phase === 'recording') void this.finish(capture);
      else if (capture.phase === 'prompting') {
        // `#` during the prompt skips the name (the caller does not want to record one).
        capture.phase = 'done';
        this.captures.delete(session.callId);
        session.stopRoomPlayback();
        capture.proceed({});
      }
    }
    return true;
  }

  /** Drives the 3 s limit and notices calls that ended mid-way. */
  tick(nowMs: number): void {
    for (const capture of [...this.captures.values()]) {
      if (capture.session.phase === 'ended') void this.abandon(capture);
      else if (capture.phase === 'recording' && nowMs >= capture.deadlineMs) void this.finish(capture);
    }
  }

  /** The meeting ended: its names are dropped (the prompts overwritten with silence). */
  forgetRoom(roomId: string): void {
    for (const [callId, name] of [...this.names]) {
      if (name.roomId !== roomId) continue;
      this.names.delete(callId);
      this.deps.live.loadPrompt(name.prompt, new Int16Array(1), 8000).catch(() => undefined);
    }
  }

  private async record(capture: Capture): Promise<void> {
    const endpointId = capture.session.endpointId;
    if (endpointId === undefined) return this.abandon(capture);
    capture.phase = 'starting';
    try {
      await this.deps.media.joinRoom(endpointId, capture.captureRoom, false);
      await this.deps.live.startRecording(capture.captureRoom, capture.file);
    } catch (error) {
      this.deps.logger.warn({ callId: capture.session.callId, err: String(error) }, 'name recording could not start');
      return this.done(capture, {});
    }
    if (capture.phase !== 'starting') return;
    capture.phase = 'recording';
    capture.deadlineMs = this.deps.nowMs() + NAME_RECORDING_MAX_MS;
  }

  private async finish(capture: Capture): Promise<void> {
    if (capture.phase !== 'recording') return;
    capture.phase = 'finishing';
    const samples = await this.stopAndRead(capture);
    const prompt = `recorded-name-${capture.captureRoom.slice('name-capture-'.length)}`;
    if (samples === undefined) return this.done(capture, {});
    const trimmed = trimSilence(samples.pcm, { sampleRate: samples.sampleRateHz });
    if (trimmed === undefined) return this.done(capture, {});
    try {
      await this.deps.live.loadPrompt(prompt, trimmed, samples.sampleRateHz);
    } catch (error) {
      this.deps.logger.warn({ callId: capture.session.callId, err: String(error) }, 'recorded name could not be loaded');
      return this.done(capture, {});
    }
    this.names.set(capture.session.callId, { roomId: capture.roomId, prompt });
    this.deps.logger.info({ callId: capture.session.callId, durationMs: Math.round((trimmed.length * 1000) / samples.sampleRateHz) }, 'name recorded');
    this.done(capture, { hasRecordedName: true });
  }

  private async stopAndRead(capture: Capture): Promise<{ pcm: Int16Array; sampleRateHz: number } | undefined> {
    const endpointId = capture.session.endpointId;
    try {
      await this.deps.live.stopRecording(capture.captureRoom);
      if (endpointId !== undefined && capture.session.phase !== 'ended') await this.deps.media.leaveRoom(endpointId, capture.captureRoom);
      const parsed = parseWav(readFileSync(capture.file));
      return parsed.ok ? parsed.value : undefined;
    } catch (error) {
      this.deps.logger.warn({ callId: capture.session.callId, err: String(error) }, 'name recording failed');
      return undefined;
    } finally {
      rmSync(capture.file, { force: true });
    }
  }

  private async abandon(capture: Capture): Promise<void> {
    const wasRecording = capture.phase === 'recording' || capture.phase === 'starting';
    capture.phase = 'done';
    this.captures.delete(capture.session.callId);
    if (wasRecording) {
      await this.deps.live.stopRecording(capture.captureRoom).catch(() => undefined);
      rmSync(capture.file, { force: true });
    }
  }

  private done(capture: Capture, details: JoinDetails): void {
    capture.phase = 'done';
    this.captures.delete(capture.session.callId);
    if (capture.session.phase !== 'ended') capture.proceed(details);
  }
}
