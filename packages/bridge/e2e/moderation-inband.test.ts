/**
 * Menu keys typed as in-band tones (a PCMU caller without telephone-event, via SIPp) and
 * what the other callers hear of them (issue 7: "menu digits never leak into the mix"). The
 * bridge recognises a key only when it is released, so the media engine itself drops an
 * in-band caller's frames while its detector sees a tone pair (at most the first 20-40 ms of a
 * key gets through); from the first digit on, the bridge also mutes the caller until the
 * sequence ends. Neither key of `*9` may reach the host, while the action (raise hand) is
 * carried out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startBridge } from './lib/bridge-harness.js';
import { sleep, startConferencePhone } from './lib/conference-phone.js';
import { buildRtpStream, writePcap } from './lib/rtp-stream.js';
import { fillTemplate, runSipp } from './lib/sipp.js';

const ROOM = '294716385';
const PIN = '40718265';
const HOST_PIN = '5193842607';
const STAR_HZ = [941, 1209] as const;
const NINE_HZ = [852, 1477] as const;
/** Goertzel block: 50 ms at 8 kHz. */
const BLOCK = 400;

t.test('in-band menu keys: after the first key, the caller is out of the mix', async (t) => {
  const bridge = await startBridge();
  t.teardown(() => bridge.close());
  bridge.createRoom({ id: ROOM, pin: PIN, hostPin: HOST_PIN, waitForHost: false });
  const host = await startConferencePhone({ name: 'host', workDir: bridge.workDir, toneHz: 440 });
  t.teardown(() => host.stop());
  await host.dial(ROOM, bridge.sipPort);
  await host.waitForLog('Call established');
  await sleep(800);
  await host.keys(`*${HOST_PIN}`, 120);
  await bridge.waitFor('the host joined', () => bridge.server.counts().participants === 1);
  await sleep(3000);

  const packets = buildRtpStream([
    { kind: 'audio', ms: 600 },
    { kind: 'inband', digits: PIN, digitMs: 100, gapMs: 100 },
    { kind: 'audio', ms: 8000 },
    { kind: 'inband', digits: '*9', digitMs: 150, gapMs: 250 },
    { kind: 'audio', ms: 3000 },
  ]);
  const pcap = join(bridge.workDir, 'inband-menu.pcap');
  writeFileSync(pcap, writePcap(packets));
  const streamMs = (packets.at(-1)?.atMs ?? 0) + 20;
  const scenario = fillTemplate('caller-pcap.xml', {
    PAYLOADS: '0',
    RTPMAPS: 'a=rtpmap:0 PCMU/8000',
    PCAP: pcap,
    END: fillTemplate('end-caller-bye.xml.part', { STAY_MS: streamMs + 500, BYE_CSEQ: 2 }),
  });
  const from = host.mark();
  const result = await runSipp({ workDir: bridge.workDir, name: 'inband-menu', scenario, service: ROOM, bridgePort: bridge.sipPort, timeoutS: 40 });
  t.equal(result.code, 0, result.code === 0 ? 'SIPp passed' : result.output.slice(-1500));
  const to = host.mark();
  t.ok(bridge.logs.some((l) => l.message === 'moderation action' && l.fields['action'] === 'toggle-hand'), 'the in-band *9 raised the hand');

  let starPeak = 0;
  let ninePeak = 0;
  for (let at = from; at + BLOCK <= to; at += BLOCK / 2) {
    starPeak = Math.max(starPeak, Math.min(...STAR_HZ.map((hz) => host.toneBetween(hz, at, at + BLOCK))));
    ninePeak = Math.max(ninePeak, Math.min(...NINE_HZ.map((hz) => host.toneBetween(hz, at, at + BLOCK))));
  }
  t.ok(starPeak < 0.1, `the first key (*) never reached the host, though recognised only at release (pair share ${starPeak.toFixed(3)})`);
  t.ok(ninePeak < 0.05, `the second key (9) never reached the host (pair share ${ninePeak.toFixed(3)})`);
  await bridge.waitFor('the caller is gone', () => bridge.server.counts().participants === 1);
});
