/**
 * `pinbridge serve` as an operator runs it: the built CLI (`packages/bridge/dist/cli/main.js`)
 * in a child process, on a given data folder, SIP/RTP on loopback at random ports, the
 * admin HTTP on an ephemeral one.
 * Collects stdout (the first-start banner and the JSON log lines) and reports the exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomPort } from './sipp.js';

/** The built CLI entry (run `npx tsc -b` first). */
export const CLI_MAIN = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');

/** A running `pinbridge serve`. */
export interface ServeProcess {
  readonly sipPort: number;
  readonly httpPort: number;
  readonly child: ChildProcess;
  /** Everything it printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** The JSON log lines printed so far (non-JSON lines, like the banner, skipped). */
  logLines(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** GET /health on the admin port. */
  health(): Promise<Record<string, unknown>>;
}

/** Starts `pinbridge serve` on `dataDir` and waits for its "pinbridge listening" log line. */
export async function startServe(options: { readonly workDir: string; readonly dataDir: string; readonly yaml?: string; readonly timeoutMs?: number }): Promise<ServeProcess> {
  const configFile = join(options.workDir, 'pinbridge.yaml');
  // Media on loopback too: the SDP must not point callers at another interface.
  writeFileSync(configFile, options.yaml ?? 'media:\n  bindAddress: 127.0.0.1\n  workers: 1\nhttp:\n  host: 127.0.0.1\n');
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await launch(options, configFile);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function launch(options: { readonly dataDir: string; readonly timeoutMs?: number }, configFile: string): Promise<ServeProcess> {
  const sipPort = randomPort(20000, 9000);
  const rtpMin = randomPort(50000, 12000);
  const env: NodeJS.ProcessEnv = { ...process.env, PINBRIDGE_LOG_LEVEL: 'info' };
  delete env['PINBRIDGE_SERVER_KEY'];
  delete env['PINBRIDGE_ADMIN_TOKEN'];
  const args = [CLI_MAIN, 'serve', '--config', configFile, '--data', options.dataDir, '--sip-host', '127.0.0.1', '--sip-port', String(sipPort), '--rtp-min', String(rtpMin), '--rtp-max', String(rtpMin + 200), '--http-port', '0'];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<number | string>((done) => child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')));
  const logLines = () =>
    out.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  while (!logLines().some((l) => l['msg'] === 'pinbridge listening')) {
    if (hasExited || Date.now() > deadline) {
      if (!hasExited) child.kill('SIGKILL');
      throw new Error(`pinbridge serve did not start:\n${out}\n${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = logLines().find((l) => l['msg'] === 'admin http listening')?.['url'];
  const httpPort = Number(/:(\d+)$/.exec(String(url))?.[1]);
  return {
    sipPort,
    httpPort,
    child,
    stdout: () => out,
    stderr: () => err,
    logLines,
    exited,
    async health() {
      const response = await fetch(`http://127.0.0.1:${httpPort}/health`);
      return (await response.json()) as Record<string, unknown>;
    },
  };
}
