/**
 * `pinbridge serve` as a real child process (the built CLI) on a fresh data folder:
 * - the first start creates the demo room and prints how to dial it, PINs included, once;
 * - a SIPp caller dials the demo room with the host PIN it printed and is bridged;
 * - SIGTERM: the caller gets a BYE, the process exits 0, the store is closed cleanly (no
 *   WAL left behind) and the caller's audit row is in the database;
 * - a second start on the same folder prints no PINs and no banner, and stops with exit 0.
 */
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { loadServerKey } from '../src/index.js';
import { RoomStore } from '../src/store/index.js';
import { buildRtpStream, writePcap } from './lib/rtp-stream.js';
import { startServe, type ServeProcess } from './lib/serve-process.js';
import { fillTemplate, runSipp } from './lib/sipp.js';

const PCMU_TE = { PAYLOADS: '0 101', RTPMAPS: 'a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15' };

function banner(stdout: string): { roomId: string; pin: string; hostPin: string } {
  return {
    roomId: /conference ID (\d+)/.exec(stdout)?.[1] ?? '',
    pin: /\n {2}PIN\s+(\d+)/.exec(stdout)?.[1] ?? '',
    hostPin: /press \* then (\d+)/.exec(stdout)?.[1] ?? '',
  };
}

function occurrences(text: string, needle: string): number {
  return needle === '' ? 0 : text.split(needle).length - 1;
}

async function waitUntil(what: string, predicate: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function liveParticipants(serve: ServeProcess): Promise<number> {
  const health = await serve.health().catch(() => ({}) as Record<string, unknown>);
  const live = health['live'] as { participants?: number } | undefined;
  return live?.participants ?? -1;
}

t.test('serve: first-start banner once, SIGTERM hangs up callers, flushes the store, exits 0', async (t) => {
  const workDir = mkdtempSync(join(tmpdir(), 'pinbridge-serve-'));
  const dataDir = join(workDir, 'data');
  const running: ServeProcess[] = [];
  t.teardown(() => {
    for (const serve of running) if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  });

  const first = await startServe({ workDir, dataDir });
  running.push(first);
  const { roomId, pin, hostPin } = banner(first.stdout());
  t.match(roomId, /^[1-9]\d{8}$/, 'the banner names a 9-digit conference ID');
  t.match(pin, /^\d{8}$/, 'the banner shows the 8-digit PIN');
  t.match(hostPin, /^\d{10}$/, 'the banner shows the 10-digit host PIN');
  t.match(first.stdout(), `sip:meet@127.0.0.1:${first.sipPort}`, 'the banner says what to dial');
  t.equal(statSync(join(dataDir, 'server.key')).mode & 0o777, 0o600, 'server key created with mode 0600');

  // A host dials the demo room directly and enters * and the host PIN as RFC 4733 events.
  const pcap = join(workDir, 'host.pcap');
  writeFileSync(pcap, writePcap(buildRtpStream([{ kind: 'audio', ms: 400 }, { kind: 'rfc4733', digits: `*${hostPin}` }, { kind: 'audio', ms: 30_000, toneHz: 1100 }])));
  const scenario = fillTemplate('caller-pcap.xml', { ...PCMU_TE, PCAP: pcap, END: fillTemplate('end-bridge-bye.xml.part', { BYE_TIMEOUT_MS: 45_000 }) });
  const caller = runSipp({ workDir, name: 'host', scenario, service: roomId, bridgePort: first.sipPort, timeoutS: 50 });
  await waitUntil('the caller is in the room', async () => (await liveParticipants(first)) === 1, 30_000);
  t.pass('the caller joined the demo room');

  first.child.kill('SIGTERM');
  const sipp = await caller;
  if (sipp.code !== 0) t.comment(sipp.output.slice(-3000));
  t.equal(sipp.code, 0, 'the caller received a BYE and answered it (SIPp passed)');
  t.equal(await first.exited, 0, `exit code 0 after SIGTERM\n${first.stderr()}`);
  const messages = first.logLines().map((l) => l['msg']);
  t.ok(messages.includes('shutting down') && messages.includes('pinbridge stopped'), 'the shutdown was logged');
  t.equal(first.logLines().find((l) => l['msg'] === 'shutting down')?.['reason'], 'SIGTERM', 'the shutdown reason is the signal');
  t.equal(occurrences(first.stdout(), pin), 1, 'the PIN was printed once (the banner), never logged');
  t.equal(occurrences(first.stdout(), hostPin), 1, 'the host PIN was printed once (the banner), never logged');

  // Closed cleanly: SQLite folds the WAL back into the database when the last connection closes.
  const wal = join(dataDir, 'pinbridge.sqlite-wal');
  t.ok(!existsSync(wal) || statSync(wal).size === 0, 'no unflushed WAL left behind');
  const key = loadServerKey({ dataDir, env: {} });
  if (!key.ok) throw key.error;
  const opened = RoomStore.open({ dataDir, key: key.value });
  if (!opened.ok) throw opened.error;
  const rows = opened.value.queryAudit({}).filter((r) => r.kind === 'pin-attempt' && r.roomId === roomId);
  opened.value.close();
  t.same(rows.map((r) => [r.rolePath, r.outcome, r.pinLength]), [['host', 'success', 10]], "the caller's audit row is in the database");

  const second = await startServe({ workDir, dataDir });
  running.push(second);
  const out = second.stdout();
  t.notOk(out.includes(pin) || out.includes(hostPin), 'the second start prints no PIN');
  t.notMatch(out, /demo room created|PIN\s+\d/, 'the second start prints no banner');
  t.equal(second.logLines().find((l) => l['msg'] === 'pinbridge listening')?.['rooms'], 1, 'the demo room is still the only room');
  second.child.kill('SIGTERM');
  t.equal(await second.exited, 0, 'the second run also exits 0 on SIGTERM');
});
