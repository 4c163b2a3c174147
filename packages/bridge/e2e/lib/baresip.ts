/**
 * A headless baresip softphone (Debian package `baresip`, v1.0.0 on this machine) for
 * end-to-end tests: audio in from a WAV (module aufile, a source only in this version),
 * everything it receives dumped to WAV by the sndfile filter (which runs on the receive
 * path, so no audio device or player is needed), controlled over its ctrl_tcp socket
 * (netstring JSON commands: `dial`, `sndcode` for RFC 4733 digits, `hangup`).
 *
 * baresip 1.0.0 specifics: aufile insists the WAV matches the codec's rate and channel
 * count (Opus runs at 48 kHz stereo, G.711 at 8 kHz mono); sndfile names its files
 * `dump-<time>-dec.wav` (received) and `-enc.wav` (sent) in `snd_path`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { readWav, tone, wavBytes } from './audio.js';
import { randomPort } from './sipp.js';

/** Codec modules a phone offers, in order. */
export type PhoneCodec = 'pcmu' | 'opus';

/** The reply to a ctrl_tcp command. */
export interface CommandReply {
  readonly ok: boolean;
  readonly data: string;
}

/** A running phone. */
export interface Softphone {
  readonly name: string;
  readonly dir: string;
  /** Everything baresip printed (last 20 kB, status lines removed). */
  readonly log: string;
  /** Runs a ctrl_tcp command; resolves with baresip's reply (ok false: the command failed). */
  command(command: string, params?: string): Promise<CommandReply | void>;
  /** Waits until the log contains `text` (e.g. "Call established"), or throws. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** The WAV of what the phone received (sndfile's `*-dec.wav`), once it exists. */
  receivedWav(): string | undefined;
  /** Frames (samples per channel) received so far: a time mark into `receivedAudio()`. */
  receivedFrames(): number;
  /** The received audio so far, first channel (empty before the call has media). */
  receivedAudio(): { samples: Int16Array; sampleRateHz: number };
  stop(): Promise<void>;
}

/** Options for `startSoftphone`. */
export interface SoftphoneOptions {
  readonly name: string;
  readonly workDir: string;
  /** The sine the phone sends for its whole call. */
  readonly toneHz: number;
  readonly codec: PhoneCodec;
  /** Length of the sent tone; baresip's aufile stops sending at its end (default 60 s). */
  readonly seconds?: number;
}

const STATUS_LINE = /\[\d+:\d\d:\d\d\] audio=\d+\/\d+ \(bit\/s\)\s*/g;

/** Starts baresip in `<workDir>/<name>` sending a sine of `toneHz`. */
export async function startSoftphone(options: SoftphoneOptions): Promise<Softphone> {
  const dir = join(options.workDir, options.name);
  mkdirSync(dir, { recursive: true });
  const seconds = options.seconds ?? 60;
  const rate = options.codec === 'opus' ? 48000 : 8000;
  const channels = options.codec === 'opus' ? 2 : 1;
  writeFileSync(join(dir, 'tone.wav'), wavBytes(interleave(tone([options.toneHz], seconds * 1000, 6000, rate), channels), rate, channels));
  let lastError: unknown;
  // Random ports can collide with another test's sockets: try a few.
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await launch(options, dir, channels);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function launch(options: SoftphoneOptions, dir: string, channels: number): Promise<Softphone> {
  const sipPort = randomPort(21000, 8000) + 1;
  const ctrlPort = randomPort(29000, 1000) + 1;
  const rtpBase = randomPort(33000, 5000);
  const codecModules = options.codec === 'opus' ? ['opus.so'] : ['g711.so'];
  const config = [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${sipPort}`,
    `audio_source aufile,${join(dir, 'tone.wav')}`,
    `rtp_ports ${rtpBase}-${rtpBase + 40}`,
    'module_path /usr/lib/baresip/modules',
    ...codecModules.map((m) => `module ${m}`),
    'module aufile.so',
    'module sndfile.so',
    'module_app account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    'statmode_default off',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    `snd_path ${dir}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'accounts'), `<sip:${options.name}@127.0.0.1:${sipPort};transport=udp>;regint=0;ptime=20\n`);
  const child: ChildProcess = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // A test that dies before its teardown must not leave phones running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let log = '';
  const append = (c: Buffer) => {
    log = (log + c.toString('utf8').replace(STATUS_LINE, '')).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const waitForLog = async (text: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!log.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`baresip ${options.name}: no "${text}" within ${timeoutMs} ms:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  try {
    await waitForLog('baresip is ready');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const command = (cmd: string, params = '') =>
    new Promise<CommandReply | void>((resolve, reject) => {
      let reply = '';
      const socket = connect(ctrlPort, '127.0.0.1', () => {
        const json = JSON.stringify({ command: cmd, params, token: String(Date.now()) });
        socket.write(`${Buffer.byteLength(json)}:${json},`);
      });
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('utf8');
        const parsed = parseReply(reply);
        if (parsed !== undefined) {
          socket.end();
          resolve(parsed);
        }
      });
      socket.on('close', () => resolve(parseReply(reply)));
      socket.setTimeout(2000, () => socket.destroy());
    });
  const receivedWav = () => {
    const file = readdirSync(dir).find((f) => f.endsWith('-dec.wav'));
    return file === undefined ? undefined : join(dir, file);
  };
  return {
    name: options.name,
    dir,
    get log() {
      return log;
    },
    command,
    waitForLog,
    receivedWav,
    receivedFrames() {
      const file = receivedWav();
      if (file === undefined) return 0;
      return Math.max(0, Math.floor((statSync(file).size - dataOffset(file)) / (2 * channels)));
    },
    receivedAudio() {
      const file = receivedWav();
      // sndfile fills in the RIFF sizes only when it closes the file: read to the end.
      return file === undefined ? { samples: new Int16Array(0), sampleRateHz: 8000 } : readWav(withOpenSizes(readFileSync(file)));
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Mono samples → `channels` identical interleaved channels. */
function interleave(mono: Int16Array, channels: number): Int16Array {
  if (channels === 1) return mono;
  const out = new Int16Array(mono.length * channels);
  for (let i = 0; i < mono.length; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = mono[i] ?? 0;
  return out;
}

/** One netstring-framed ctrl_tcp reply (`{"response":true,"ok":…,"data":…}`), if complete. */
function parseReply(text: string): CommandReply | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const length = Number(text.slice(0, colon));
  const body = text.slice(colon + 1, colon + 1 + length);
  if (!Number.isFinite(length) || Buffer.byteLength(body) < length) return undefined;
  try {
    const json = JSON.parse(body) as { ok?: unknown; data?: unknown };
    return { ok: json.ok === true, data: typeof json.data === 'string' ? json.data : '' };
  } catch {
    return undefined;
  }
}

/** Byte offset of the `data` chunk's samples (44 for libsndfile's plain PCM WAV). */
function dataOffset(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const n = readSync(fd, head, 0, head.length, 0);
    const at = head.subarray(0, n).indexOf('data');
    return at < 0 ? 44 : at + 8;
  } finally {
    closeSync(fd);
  }
}

/** A WAV still being written has zero (or stale) sizes in its header: make them reach the end. */
function withOpenSizes(bytes: Buffer): Buffer {
  const at = bytes.subarray(0, 512).indexOf('data');
  if (at < 0 || bytes.length < at + 8) return bytes;
  const copy = Buffer.from(bytes);
  copy.writeUInt32LE(copy.length - 8, 4);
  copy.writeUInt32LE(copy.length - at - 8, at + 4);
  return copy;
}
