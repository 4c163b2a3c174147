/**
 * End to end with SIPp (real UDP on loopback, the real bridge in-process, RTP timeout cut to
 * 2 s): a caller in a room whose RTP stops is hung up by the bridge (BYE); a caller that
 * puts the bridge on hold (re-INVITE a=inactive) and stays silent for twice the timeout is
 * kept, gets its answers (inactive, then sendrecv on resume) and leaves with its own BYE.
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
const RTP_TIMEOUT_MS = 2000;
const PCMU_TE = { PAYLOADS: '0 101', RTPMAPS: 'a=rtpmap:0 PCMU/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15' };

function pcap(bridge: BridgeHarness, name: string, parts: StreamPart[]): string {
  const file = join(bridge.workDir, `${name}.pcap`);
  writeFileSync(file, writePcap(buildRtpStream(parts)));
  return file;
}

function callIdsOf(bridge: BridgeHarness, message: string): unknown[] {
  return bridge.logs.filter((l) => l.message === message).map((l) => l.fields['callId']);
}

t.test('media lifecycle through the real bridge', async (t) => {
  const bridge = await startBridge(`media:\n  rtpTimeoutMs: ${RTP_TIMEOUT_MS}\n`);
  t.teardown(() => bridge.close());
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });

  t.test('RTP stops: the bridge hangs up with BYE', async (t) => {
    // Three seconds of audio after the PIN, then nothing: the caller went away without a BYE.
    const file = pcap(bridge, 'timeout', [{ kind: 'audio', ms: 400 }, { kind: 'rfc4733', digits: PIN }, { kind: 'audio', ms: 3000, toneHz: 1100 }]);
    const scenario = fillTemplate('caller-pcap.xml', { ...PCMU_TE, PCAP: file, END: fillTemplate('end-bridge-bye.xml.part', { BYE_TIMEOUT_MS: 30_000 }) });
    const run = runSipp({ workDir: bridge.workDir, name: 'timeout', scenario, service: ROOM, bridgePort: bridge.sipPort, timeoutS: 40 });
    await bridge.waitFor('the caller joins', () => bridge.server.counts().participants === 1, 20_000);
    const result = await run;
    if (result.code !== 0) t.comment(result.output.slice(-3000));
    t.equal(result.code, 0, 'the bridge sent BYE (SIPp passed)');
    await bridge.waitFor('cleanup', () => bridge.server.counts().calls === 0);
    const timedOut = callIdsOf(bridge, 'rtp timeout');
    t.equal(timedOut.length, 1, 'one call timed out');
    const ended = bridge.logs.find((l) => l.message === 'call ended' && l.fields['callId'] === timedOut[0]);
    t.equal(ended?.fields['reason'], 'rtp-timeout', 'the call ended for the RTP timeout');
    t.equal(ended?.fields['roomId'], ROOM, 'it was in the room');
    t.same(bridge.server.counts(), { calls: 0, ivr: 0, rooms: 0, participants: 0 });
  });

  t.test('re-INVITE hold (inactive) outlasts the RTP timeout; resume; caller BYE', async (t) => {
    const timeoutsBefore = callIdsOf(bridge, 'rtp timeout').length;
    // Audio runs until a little after the hold starts (at 6 s); the hold lasts 6 s.
    const file = pcap(bridge, 'hold', [{ kind: 'audio', ms: 400 }, { kind: 'rfc4733', digits: PIN }, { kind: 'audio', ms: 6000, toneHz: 1100 }]);
    const end = [
      fillTemplate('reinvite.xml.part', { PAUSE_MS: 6000, CSEQ: 2, SDP_VERSION: 2353687638, DIRECTION: 'inactive', ANSWER_DIRECTION: 'inactive', VARIABLE: 'held' }),
      fillTemplate('reinvite.xml.part', { PAUSE_MS: 3 * RTP_TIMEOUT_MS, CSEQ: 3, SDP_VERSION: 2353687639, DIRECTION: 'sendrecv', ANSWER_DIRECTION: 'sendrecv', VARIABLE: 'resumed' }),
      fillTemplate('end-caller-bye.xml.part', { STAY_MS: 300, BYE_CSEQ: 4 }),
    ].join('\n');
    const scenario = fillTemplate('caller-pcap.xml', { ...PCMU_TE, PCAP: file, END: end });
    const run = runSipp({ workDir: bridge.workDir, name: 'hold', scenario, service: ROOM, bridgePort: bridge.sipPort, timeoutS: 40 });
    await bridge.waitFor('the caller joins', () => bridge.server.counts().participants === 1, 20_000);
    await bridge.waitFor('the hold', () => bridge.logs.some((l) => l.message === 'call re-negotiated' && l.fields['direction'] === 'inactive'), 20_000);
    const heldCall = bridge.logs.find((l) => l.message === 'call re-negotiated')?.fields['callId'];
    // Well past the timeout with no RTP: a held caller is still a participant.
    await new Promise((resolve) => setTimeout(resolve, 2 * RTP_TIMEOUT_MS));
    t.equal(bridge.server.counts().participants, 1, 'the held caller is still in the room after twice the RTP timeout');
    const result = await run;
    if (result.code !== 0) t.comment(result.output.slice(-3000));
    t.equal(result.code, 0, 'hold answered inactive, resume answered sendrecv, no BYE from the bridge (SIPp passed)');
    await bridge.waitFor('cleanup', () => bridge.server.counts().calls === 0);
    const directions = bridge.logs.filter((l) => l.message === 'call re-negotiated' && l.fields['callId'] === heldCall).map((l) => l.fields['direction']);
    t.same(directions, ['inactive', 'sendrecv'], 'hold then resume');
    t.equal(callIdsOf(bridge, 'rtp timeout').length, timeoutsBefore, 'no RTP timeout for the held call');
    const ended = bridge.logs.find((l) => l.message === 'call ended' && l.fields['callId'] === heldCall);
    t.not(ended?.fields['reason'], 'rtp-timeout', `the call ended by the caller's BYE (${String(ended?.fields['reason'])})`);
  });
});
