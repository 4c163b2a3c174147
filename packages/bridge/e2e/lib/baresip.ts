/**
 * A headless baresip softphone (Debian package `baresip`) for end-to-end tests: audio in
 * from a WAV (module aufile), everything it receives dumped to WAV (module sndfile), no
 * audio device, controlled over its ctrl_tcp socket (netstring JSON commands: `dial`,
 * `sndcode` for RFC 4733 digits, `hangup`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { tone, wavBytes } from './audio.js';
import { randomPort } from './sipp.js';

/** Codec modules a phone offers, in order. */
export type PhoneCodec = 'pcmu' | 'opus';

/** A running phone. */
export interface Softphone {
  readonly name: string;
  readonly dir: string;
  command(command: string, params?: string): Promise<void>;
  /** The WAV of what the phone received (sndfile's `*-dec.wav`), once it exists. */
  receivedWav(): string | undefined;
  stop(): Promise<void>;
}

/** Starts baresip in `dir` sending a sine of `toneHz`. */
export async function startSoftphone(options: { readonly name: string; readonly workDir: string; readonly toneHz: number; readonly codec: PhoneCodec; readonly seconds?: number }): Promise<Softphone> {
  const dir = join(options.workDir, options.name);
  mkdirSync(dir, { recursive: true });
  const seconds = options.seconds ?? 60;
  const rate = options.codec === 'opus' ? 48000 : 8000;
  writeFileSync(join(dir, 'tone.wav'), wavBytes(tone([options.toneHz], seconds * 1000, 6000, rate), rate));
  const sipPort = randomPort(21000, 8000) + 1;
  const ctrlPort = randomPort(29000, 1000) + 1;
  const rtpBase = randomPort(33000, 5000);
  const codecModules = options.codec === 'opus' ? ['opus.so'] : ['g711.so'];
  const config = [
    'poll_method epoll',
    `sip_listen 127.0.0.1:${sipPort}`,
    `audio_player aufile,${join(dir, 'unused-out.wav')}`,
    `audio_source aufile,${join(dir, 'tone.wav')}`,
    `audio_alert aufile,${join(dir, 'unused-alert.wav')}`,
    `rtp_ports ${rtpBase}-${rtpBase + 40}`,
    'module_path /usr/lib/baresip/modules',
    ...codecModules.map((m) => `module ${m}`),
    'module aufile.so',
    'module sndfile.so',
    'module_app account.so',
    'module_app menu.so',
    'module_app ctrl_tcp.so',
    `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`,
    `snd_path ${dir}`,
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'accounts'), `<sip:${options.name}@127.0.0.1:${sipPort};transport=udp>;regint=0;ptime=20\n`);
  const child: ChildProcess = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (c: Buffer) => {
    log = (log + c.toString('utf8')).slice(-20_000);
  });
  child.stderr?.on('data', (c: Buffer) => {
    log = (log + c.toString('utf8')).slice(-20_000);
  });
  const deadline = Date.now() + 10_000;
  while (!log.includes('baresip is ready')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`baresip ${options.name} did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const command = (cmd: string, params = '') =>
    new Promise<void>((resolve, reject) => {
      const socket = connect(ctrlPort, '127.0.0.1', () => {
        const json = JSON.stringify({ command: cmd, params, token: String(Date.now()) });
        socket.end(`${Buffer.byteLength(json)}:${json},`);
      });
      socket.on('error', reject);
      socket.on('close', () => resolve());
      socket.setTimeout(2000, () => socket.destroy());
      socket.on('data', () => socket.end());
    });
  return {
    name: options.name,
    dir,
    command,
    receivedWav() {
      const file = readdirSync(dir).find((f) => f.endsWith('-dec.wav'));
      return file === undefined ? undefined : join(dir, file);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
    get log() {
      return log;
    },
  } as Softphone & { readonly log: string };
}
