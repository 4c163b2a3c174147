/**
 * End to end with SIPp (real UDP on loopback, the real bridge in-process): the IVR answered
 * with RFC 4733 events, SIP INFO (both bodies), in-band tones; a direct room URI; wrong
 * PINs until the bridge hangs up; CANCEL during the IVR.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startBridge, type BridgeHarness } from './lib/bridge-harness.js';
import { buildRtpStream, writePcap, type StreamPart } from './lib/rtp-stream.js';
import { fillTemplate, runSipp } from './lib/sipp.js';

const ROOM = '318405762';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const PCMU_TE = { PAYLOADS: '0 101', RTPMAPS: 'a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15' };
const PCMU_ONLY = { PAYLOADS: '0', RTPMAPS: 'a=rtpmap:0 PCMU/8000' };

function pcap(bridge: BridgeHarness, name: string, parts: StreamPart[]): string {
  const file = join(bridge.workDir, `${name}.pcap`);
  writeFileSync(file, writePcap(buildRtpStream(parts)));
  return file;
}

function scenario(options: { pcap: string; sdp: { PAYLOADS: string; RTPMAPS: string }; info?: { contentType: string; body: (d: string) => string; digits: string }; end: 'caller-bye' | 'bridge-bye'; stayMs?: number }): string {
  let cseq = 2;
  const infos = (options.info?.digits ?? '').split('').map((d) =>
    fillTemplate('info-digit.xml.part', { GAP_MS: 250, CSEQ: cseq++, CONTENT_TYPE: options.info?.contentType ?? '', BODY: options.info?.body(d) ?? '' }),
  );
  const end = options.end === 'caller-bye' ? fillTemplate('end-caller-bye.xml.part', { STAY_MS: options.stayMs ?? 3000, BYE_CSEQ: cseq }) : fillTemplate('end-bridge-bye.xml.part', { BYE_TIMEOUT_MS: 50_000 });
  return fillTemplate('caller-pcap.xml', { ...options.sdp, PCAP: options.pcap, END: infos.join('\n') + '\n' + end });
}

/** The assertions the helper needs (a tap Test has them). */
interface Asserts {
  pass(message: string): unknown;
  comment(message: string): unknown;
  equal(found: unknown, wanted: unknown, message: string): unknown;
  same(found: unknown, wanted: unknown, message: string): unknown;
}

async function joinsAndLeaves(t: Asserts, bridge: BridgeHarness, name: string, service: string, text: string): Promise<void> {
  const run = runSipp({ workDir: bridge.workDir, name, scenario: text, service, bridgePort: bridge.sipPort });
  await bridge.waitFor(`${name}: the caller joins the room`, () => bridge.server.counts().participants === 1, 30_000);
  t.pass(`${name}: joined room ${ROOM}`);
  const result = await run;
  if (result.code !== 0) t.comment(result.output.slice(-3000));
  t.equal(result.code, 0, `${name}: SIPp passed`);
  await bridge.waitFor(`${name}: the call is cleaned up`, () => bridge.server.counts().calls === 0);
  t.same(bridge.server.counts(), { calls: 0, ivr: 0, rooms: 0, participants: 0 }, `${name}: nothing left behind`);
}

t.test('SIPp callers through the IVR', async (t) => {
  const bridge = await startBridge();
  t.teardown(() => bridge.close());
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });

  t.test('meet, ID and PIN as RFC 4733 events', async (t) => {
    const file = pcap(bridge, 'rfc4733', [{ kind: 'audio', ms: 400 }, { kind: 'rfc4733', digits: ROOM }, { kind: 'audio', ms: 600 }, { kind: 'rfc4733', digits: PIN }, { kind: 'audio', ms: 6000 }]);
    await joinsAndLeaves(t, bridge, 'rfc4733', 'meet', scenario({ pcap: file, sdp: PCMU_TE, end: 'caller-bye', stayMs: 6000 }));
  });

  t.test('meet, digits as SIP INFO application/dtmf-relay', async (t) => {
    const file = pcap(bridge, 'silence', [{ kind: 'audio', ms: 12_000 }]);
    await joinsAndLeaves(t, bridge, 'info-relay', 'meet', scenario({ pcap: file, sdp: PCMU_TE, info: { contentType: 'application/dtmf-relay', body: (d) => `Signal=${d}\r\nDuration=160`, digits: ROOM + PIN }, end: 'caller-bye' }));
  });

  t.test('meet, digits as SIP INFO application/dtmf', async (t) => {
    const file = pcap(bridge, 'silence2', [{ kind: 'audio', ms: 12_000 }]);
    await joinsAndLeaves(t, bridge, 'info-dtmf', 'meet', scenario({ pcap: file, sdp: PCMU_TE, info: { contentType: 'application/dtmf', body: (d) => d, digits: ROOM + PIN }, end: 'caller-bye' }));
  });

  t.test('meet, digits as in-band tones in PCMU (no telephone-event offered)', async (t) => {
    const file = pcap(bridge, 'inband', [{ kind: 'audio', ms: 400 }, { kind: 'inband', digits: ROOM, digitMs: 100, gapMs: 100 }, { kind: 'audio', ms: 600 }, { kind: 'inband', digits: PIN, digitMs: 100, gapMs: 100 }, { kind: 'audio', ms: 6000 }]);
    await joinsAndLeaves(t, bridge, 'inband', 'meet', scenario({ pcap: file, sdp: PCMU_ONLY, end: 'caller-bye', stayMs: 6000 }));
  });

  t.test('direct room URI: PIN only', async (t) => {
    const file = pcap(bridge, 'direct', [{ kind: 'audio', ms: 400 }, { kind: 'rfc4733', digits: PIN }, { kind: 'audio', ms: 5000 }]);
    await joinsAndLeaves(t, bridge, 'direct', ROOM, scenario({ pcap: file, sdp: PCMU_TE, end: 'caller-bye', stayMs: 5000 }));
  });

  t.test('three wrong PINs: the bridge says goodbye and sends BYE', async (t) => {
    const parts: StreamPart[] = [{ kind: 'audio', ms: 400 }];
    for (const wrong of ['11112222', '33334444', '55556666']) parts.push({ kind: 'rfc4733', digits: wrong }, { kind: 'audio', ms: 8000 });
    const file = pcap(bridge, 'wrong', parts);
    const auditBefore = bridge.server.store.queryAudit({}).filter((r) => r.outcome === 'failure').length;
    const result = await runSipp({ workDir: bridge.workDir, name: 'wrong', scenario: scenario({ pcap: file, sdp: PCMU_TE, end: 'bridge-bye' }), service: ROOM, bridgePort: bridge.sipPort, timeoutS: 55 });
    if (result.code !== 0) t.comment(result.output.slice(-3000));
    t.equal(result.code, 0, 'the bridge hung up (SIPp passed)');
    await bridge.waitFor('cleanup', () => bridge.server.counts().calls === 0);
    const failures = bridge.server.store.queryAudit({}).filter((r) => r.outcome === 'failure').length - auditBefore;
    t.equal(failures, 3, 'three audited failures');
    const text = JSON.stringify(bridge.logs) + JSON.stringify(bridge.server.store.queryAudit({}));
    for (const secret of ['11112222', '33334444', '55556666', PIN, HOST_PIN]) t.notOk(text.includes(secret), 'no typed PIN in logs or audit rows');
    t.ok(bridge.logs.some((l) => l.message === 'ivr finished' && l.fields['outcome'] === 'too-many-failures'));
  });

  t.test('CANCEL during the IVR frees the call', async (t) => {
    const result = await runSipp({ workDir: bridge.workDir, name: 'cancel', scenario: fillTemplate('cancel-in-ivr.xml', {}), service: 'meet', bridgePort: bridge.sipPort, timeoutS: 20 });
    if (result.code !== 0) t.comment(result.output.slice(-3000));
    t.equal(result.code, 0, 'SIPp passed');
    await bridge.waitFor('cleanup', () => bridge.server.counts().calls === 0);
    t.equal(bridge.server.counts().calls, 0);
  });
});
