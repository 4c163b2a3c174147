/**
 * A PCMU baresip softphone for the moderation end-to-end tests (baresip 1.0.0 on this
 * machine): it sends a sine from a WAV (aufile source), its sndfile filter dumps what it
 * receives to `dump-*-dec.wav`, and it is driven over ctrl_tcp (netstring JSON: `dial`,
 * `sndcode` for RFC 4733 digits, `hangup`). On top of a plain phone it offers time marks
 * into the received audio (`mark()`), so a test can ask "was this tone heard between these
 * two moments" with a Goertzel probe, and call-state waits read from baresip's log.
 *
 * sndfile writes the RIFF sizes only when it closes the file, so the received audio is read
 * up to the end of the file, whatever its header says.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { rms, tone, tonePower, wavBytes } from './audio.js';
import { randomPort } from './sipp.js';

/** A position in a phone's received audio (in samples at 8 kHz). */
export type AudioMark = number;

/** A running phone. */
export interface ConferencePhone {
  readonly name: string;
  readonly log: string;
  /** Dials `sip:<user>@127.0.0.1:<port>`. */
  dial(user: string, bridgePort: number): Promise<void>;
  /** Sends digits as RFC 4733 events, one command per digit with a pause between them. */
  keys(digits: string, gapMs?: number): Promise<void>;
  hangup(): Promise<void>;
  /** Waits until baresip's log has `text` `count` times (counted over the whole run). */
  waitForLog(text: string, options?: { readonly count?: number; readonly timeoutMs?: number }): Promise<void>;
  /** How often `text` appears in the log so far. */
  logCount(text: string): number;
  /** Now, as a position in the received audio. */
  mark(): AudioMark;
  /** Relative power of `toneHz` in the received audio between two marks (Goertzel, 0…1). */
  toneBetween(toneHz: number, from: AudioMark, to: AudioMark): number;
  /** RMS level of the received audio between two marks. */
  levelBetween(from: AudioMark, to: AudioMark): number;
  stop(): Promise<void>;
}

const RATE = 8000;

/**
 * Starts a phone in `<workDir>/<name>` sending a sine of `toneHz` for `toneSeconds` (default:
 * all along), then silence, for `seconds` in all (baresip hangs up when its source ends).
 */
export async function startConferencePhone(options: {
  readonly name: string;
  readonly workDir: string;
  readonly toneHz: number;
  readonly seconds?: number;
  readonly toneSeconds?: number;
}): Promise<ConferencePhone> {
  const dir = join(options.workDir, options.name);
  mkdirSync(dir, { recursive: true });
  const seconds = options.seconds ?? 120;
  const audio = new Int16Array(seconds * RATE);
  audio.set(tone([options.toneHz], Math.min(seconds, options.toneSeconds ?? seconds) * 1000, 6000, RATE));
  writeFileSync(join(dir, 'tone.wav'), wavBytes(audio, RATE));
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await launch(options.name, dir);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function launch(name: string, dir: string): Promise<ConferencePhone> {
  const sipPort = randomPort(21000, 8000) + 1;
  const ctrlPort = randomPort(29000, 1000) + 1;
  const rtpBase = randomPort(33000, 5000);
  writeFileSync(
    join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${sipPort}`,
      `audio_source aufile,${join(dir, 'tone.wav')}`,
      `rtp_ports ${rtpBase}-${rtpBase + 40}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module aufile.so',
      'module sndfile.so',
      'module_app account.so',
      'module_app menu.so',
      'module_app ctrl_tcp.so',
      'statmode_default off',
      `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
      `snd_path ${dir}`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'accounts'), `<sip:${name}@127.0.0.1:${sipPort};transport=udp>;regint=0;ptime=20\n`);
  const child: ChildProcess = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    if (log.length > 400_000) log = log.slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const count = (text: string) => log.split(text).length - 1;
  const waitForLog = async (text: string, opts: { readonly count?: number; readonly timeoutMs?: number } = {}) => {
    const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
    while (count(text) < (opts.count ?? 1)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`phone ${name}: no "${text}" ×${opts.count ?? 1}:\n${log.slice(-3000)}`);
      await sleep(50);
    }
  };
  try {
    await waitForLog('baresip is ready', { timeoutMs: 10_000 });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const command = (cmd: string, params = '') =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(ctrlPort, '127.0.0.1', () => {
        const json = JSON.stringify({ command: cmd, params, token: String(Date.now()) });
        socket.write(`${Buffer.byteLength(json)}:${json},`);
      });
      socket.on('error', reject);
      socket.on('data', () => socket.end());
      socket.on('close', () => resolve());
      socket.setTimeout(2000, () => socket.destroy());
    });
  const received = (): Int16Array => {
    const file = readdirSync(dir).find((f) => f.endsWith('-dec.wav'));
    if (file === undefined) return new Int16Array(0);
    const bytes = readFileSync(join(dir, file));
    const at = bytes.subarray(0, 512).indexOf('data');
    const start = at < 0 ? 44 : at + 8;
    const frames = Math.max(0, Math.floor((bytes.length - start) / 2));
    const samples = new Int16Array(frames);
    for (let i = 0; i < frames; i++) samples[i] = bytes.readInt16LE(start + i * 2);
    return samples;
  };
  const slice = (from: AudioMark, to: AudioMark) => received().subarray(from, to);
  return {
    name,
    get log() {
      return log;
    },
    dial: (user, bridgePort) => command('dial', `sip:${user}@127.0.0.1:${bridgePort}`),
    async keys(digits, gapMs = 250) {
      for (const digit of digits) {
        await command('sndcode', digit);
        await sleep(gapMs);
      }
    },
    hangup: () => command('hangup'),
    waitForLog,
    logCount: count,
    mark: () => received().length,
    toneBetween(toneHz, from, to) {
      const block = slice(from, to);
      return block.length < 400 ? 0 : tonePower(block, toneHz, RATE);
    },
    levelBetween: (from, to) => rms(slice(from, to)),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
