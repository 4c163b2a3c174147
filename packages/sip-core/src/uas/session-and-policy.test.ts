// Session timers (RFC 4028), re-INVITE/UPDATE, OPTIONS, admission and malformed input, in virtual time.
import t from 'tap';
import { createVirtualClock } from '../transaction/index.js';
import { createFakeDatagramNetwork, type FakeNetworkKnobs } from '../transport/index.js';
import type { AdmitDecision, CallEndReason, IncomingCall } from '../index.js';
import { createSipStack } from './sip-stack.js';
import { OFFER, headerOf, request, statusOf, toTagOf } from './test-uac.test-support.js';

const ANSWER = 'v=0\r\no=pinbridge 1 1 IN IP4 198.51.100.1\r\ns=-\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n';

async function rig(
  t: { teardown(fn: () => unknown): void },
  onInvite: (call: IncomingCall) => void = (call) => call.accept(ANSWER),
  admit?: (request: unknown) => AdmitDecision,
  knobs: FakeNetworkKnobs = {},
) {
  const clock = createVirtualClock();
  const net = createFakeDatagramNetwork(clock, knobs);
  const stack = await createSipStack({
    listen: [{ transport: 'udp', host: '198.51.100.1', port: 5060 }],
    clock,
    transportFactory: net.transportFactory,
    ...(admit !== undefined ? { admit } : {}),
  });
  t.teardown(() => stack.close());
  const calls: IncomingCall[] = [];
  const ended: CallEndReason[] = [];
  stack.on('invite', (call) => {
    calls.push(call);
    call.on('ended', (e) => ended.push(e.by));
    onInvite(call);
  });
  const got = (prefix: string): string[] => net.peer.received.filter((m) => m.startsWith(prefix));
  /** Sends the INVITE (with extra headers), returns our To tag after ACKing the 200. */
  const establish = (headers: string[] = []): string => {
    net.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKinv', cseq: 1, body: OFFER, headers }));
    clock.advance(2);
    const tag = toTagOf(got('SIP/2.0 200')[0] ?? '');
    net.peer.send(request({ method: 'ACK', branch: 'z9hG4bKack', toTag: tag, cseq: 1 }));
    clock.advance(2);
    return tag;
  };
  return { clock, peer: net.peer, stack, calls, ended, got, establish };
}

t.test('Session-Expires below our Min-SE (90 s) → 422 with Min-SE', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKse', cseq: 1, body: OFFER, headers: ['Supported: timer', 'Session-Expires: 60'] }));
  r.clock.advance(2);
  const finals = r.got('SIP/2.0 422');
  t.equal(finals.length, 1);
  t.equal(headerOf(finals[0] ?? '', 'Min-SE'), '90');
  t.equal(r.calls.length, 0, 'no call offered');
});

t.test('session timer, refresher=uac: 200 echoes it; no refresh → BYE at SE - min(32, SE/3)', async (t) => {
  const r = await rig(t);
  r.establish(['Supported: timer', 'Session-Expires: 120;refresher=uac']);
  const ok = r.got('SIP/2.0 200')[0] ?? '';
  t.equal(headerOf(ok, 'Session-Expires'), '120;refresher=uac');
  t.equal(headerOf(ok, 'Require'), 'timer', 'Require: timer when the UAC refreshes (RFC 4028 §9)');
  r.clock.advance(87_000); // 120 - 32 = 88 s after the ACK
  t.equal(r.got('BYE').length, 0);
  r.clock.advance(1_100);
  t.equal(r.got('BYE ').length, 1, 'BYE once the session expired');
  t.same(r.ended, ['session-expired']);
});

t.test('session timer refreshed by re-INVITE and by UPDATE keeps the call up', async (t) => {
  const r = await rig(t);
  const tag = r.establish(['Supported: timer', 'Session-Expires: 90;refresher=uac']);
  r.clock.advance(45_000);
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKre1', toTag: tag, cseq: 2, body: OFFER, headers: ['Supported: timer', 'Session-Expires: 90;refresher=uac'] }));
  r.clock.advance(2);
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKre1a', toTag: tag, cseq: 2 }));
  r.clock.advance(45_000);
  r.peer.send(request({ method: 'UPDATE', branch: 'z9hG4bKup1', toTag: tag, cseq: 3, headers: ['Supported: timer', 'Session-Expires: 90;refresher=uac'] }));
  r.clock.advance(45_000);
  t.equal(r.got('BYE').length, 0, 'still up 135 s in');
  t.same(r.ended, []);
  t.same(
    r.peer.received.map(statusOf).filter((s) => s >= 200),
    [200, 200, 200],
    '200 to INVITE, re-INVITE and UPDATE',
  );
  r.clock.advance(20_000);
  t.same(r.ended, ['session-expired'], 'expires 58 s after the last refresh');
});

t.test('refresher=uas: we send UPDATE at half time, and BYE when it fails', async (t) => {
  const r = await rig(t);
  r.establish(['Supported: timer', 'Session-Expires: 100;refresher=uas']);
  r.clock.advance(50_001);
  const update = r.got('UPDATE ');
  t.equal(update.length, 1, 'UPDATE at SE/2');
  t.equal(headerOf(update[0] ?? '', 'Session-Expires'), '100;refresher=uas');
  r.clock.advance(32_000 + 10); // Timer F without a response
  await new Promise((resolve) => setImmediate(resolve)); // the refresh outcome settles in a microtask
  t.same(r.ended, ['session-expired']);
});

t.test('re-INVITE putting the call on hold is offered to the application', async (t) => {
  const offers: string[] = [];
  const r = await rig(t, (call) => {
    call.accept(ANSWER);
    call.on('reinvite', (e) => {
      offers.push(e.offerSdp ?? '');
      e.respond(ANSWER.replace('t=0 0\r\n', 't=0 0\r\na=recvonly\r\n'));
    });
  });
  const tag = r.establish();
  const hold = OFFER + 'a=sendonly\r\n';
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKhold', toTag: tag, cseq: 2, body: hold }));
  r.clock.advance(2);
  t.same(offers, [hold]);
  const ok = r.got('SIP/2.0 200');
  t.match(ok[ok.length - 1] ?? '', /a=recvonly/);
  t.match(ok[ok.length - 1] ?? '', /CSeq: 2 INVITE/);
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKholda', toTag: tag, cseq: 2 }));
  r.clock.advance(40_000);
  t.equal(r.got('SIP/2.0 200').length, 2, 're-INVITE 2xx not retransmitted after its ACK');
  t.same(r.ended, []);
});

t.test('out-of-order CSeq in the dialog → 500 (RFC 3261 §12.2.2)', async (t) => {
  const r = await rig(t);
  const tag = r.establish();
  r.peer.send(request({ method: 'INFO', branch: 'z9hG4bKold', toTag: tag, cseq: 1, cseqMethod: 'INFO' }));
  r.clock.advance(2);
  t.equal(statusOf(r.peer.received[r.peer.received.length - 1] ?? ''), 500);
});

t.test('local bye() on a confirmed call sends BYE and resolves on its 200', async (t) => {
  const r = await rig(t);
  r.establish();
  const done = r.calls[0]?.bye();
  r.clock.advance(2);
  const bye = r.got('BYE ')[0] ?? '';
  t.match(bye, /^CSeq: 1 BYE/m);
  const branch = /branch=([^;\s]+)/.exec(bye)?.[1] ?? '';
  r.peer.send(
    `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 198.51.100.1:5060;branch=${branch};rport\r\n` +
      `From: <sip:conference@198.51.100.1>;tag=${toTagOf(r.got('SIP/2.0 200')[0] ?? '')}\r\nTo: "Phone" <sip:alice@192.0.2.10>;tag=ftag1\r\n` +
      'Call-ID: call-1@192.0.2.10\r\nCSeq: 1 BYE\r\nContent-Length: 0\r\n\r\n',
  );
  r.clock.advance(2);
  await done;
  t.same(r.ended, ['local-bye']);
  r.clock.advance(10_000);
  t.equal(r.got('BYE ').length, 1, 'no BYE retransmission after the 200');
});

t.test('bye() before the ACK waits for it (RFC 3261 §15)', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKinv', cseq: 1, body: OFFER }));
  r.clock.advance(2);
  void r.calls[0]?.bye();
  r.clock.advance(2);
  t.equal(r.got('BYE').length, 0, 'no BYE before the ACK');
  const tag = toTagOf(r.got('SIP/2.0 200')[0] ?? '');
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKack', toTag: tag, cseq: 1 }));
  r.clock.advance(2);
  t.equal(r.got('BYE ').length, 1, 'BYE right after the ACK');
});

t.test('OPTIONS outside a dialog: Allow, Accept, Supported, nothing else about us', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'OPTIONS', branch: 'z9hG4bKopt', cseq: 1 }));
  r.clock.advance(2);
  const ok = r.peer.received[0] ?? '';
  t.equal(statusOf(ok), 200);
  t.equal(headerOf(ok, 'Allow'), 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE');
  t.equal(headerOf(ok, 'Accept'), 'application/sdp');
  t.equal(headerOf(ok, 'Supported'), 'timer');
  t.notMatch(ok, /Content-Type/, 'no body');
  t.notMatch(ok, /^(Server|User-Agent):/m, 'no product detail (SECURITY.md)');
});

t.test('Require with an unknown option tag → 420 with Unsupported', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bK100rel', cseq: 1, body: OFFER, headers: ['Require: 100rel'] }));
  r.clock.advance(2);
  const answer = r.got('SIP/2.0 420')[0] ?? '';
  t.equal(headerOf(answer, 'Unsupported'), '100rel');
});

t.test('REGISTER → 405 with Allow; unknown method → 501', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'REGISTER', branch: 'z9hG4bKreg', cseq: 1 }));
  r.peer.send(request({ method: 'FOO', branch: 'z9hG4bKfoo', cseq: 1 }));
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [405, 501]);
});

t.test('admit: drop sends nothing, reject answers, both before any transaction', async (t) => {
  const decisions: AdmitDecision[] = [{ action: 'drop' }, { action: 'reject', status: 403, reason: 'Forbidden', headers: [['Retry-After', '60']] }];
  let consulted = 0;
  const r = await rig(t, undefined, () => decisions[consulted++] ?? { action: 'accept' });
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKa1', cseq: 1, body: OFFER }));
  r.clock.advance(2);
  t.same(r.peer.received, [], 'dropped silently');
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKa2', cseq: 2, body: OFFER }));
  r.clock.advance(2);
  r.peer.send(request({ method: 'INVITE', branch: 'z9hG4bKa2', cseq: 2, body: OFFER }));
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [403, 403], 'rejected, and its retransmission answered from the transaction');
  t.equal(headerOf(r.peer.received[0] ?? '', 'Retry-After'), '60');
  t.equal(consulted, 2, 'admit not consulted for the retransmission');
  t.equal(r.calls.length, 0);
  t.equal(r.stack.stats().dropped, 1);
  t.equal(r.stack.stats().rejectedByAdmit, 1);
});

t.test('malformed request with Via/From/To/Call-ID/CSeq → 400; garbage dropped; never crashes', async (t) => {
  const r = await rig(t);
  const bad = request({ method: 'INVITE', branch: 'z9hG4bKbad', cseq: 1 }).replace('CSeq: 1 INVITE', 'CSeq: 1 BYE');
  r.peer.send(bad);
  r.peer.send('\x00\x01garbage\r\n\r\n');
  r.peer.send('SIP/2.0 200 OK\r\n\r\n');
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [400]);
  t.match(r.peer.received[0] ?? '', /^CSeq: 1 BYE$/m, 'echoes the request headers');
  const s = r.stack.stats();
  t.equal(s.parseErrors, 3);
  t.equal(s.malformedAnswered, 1);
  t.equal(s.dropped, 2);
});

t.test('calls complete under 20% loss, duplication and reordering (UAC retransmits like Timer A/E)', async (t) => {
  const r = await rig(t, undefined, undefined, { loss: 0.2, duplicate: 0.2, jitterMs: 30, seed: 7 });
  const N = 20;
  for (let i = 0; i < N; i++) {
    const callId = `lossy-${String(i)}@192.0.2.10`;
    const inv = request({ method: 'INVITE', branch: `z9hG4bKl${String(i)}`, callId, cseq: 1, body: OFFER });
    const have = (re: RegExp): string | undefined => r.peer.received.find((m) => m.includes(callId) && re.test(m));
    // INVITE until a 200 arrives (the UAS keeps retransmitting the 200 until it sees an ACK).
    for (let k = 0; k < 12 && have(/^SIP\/2\.0 200[\s\S]*CSeq: 1 INVITE/) === undefined; k++) {
      r.peer.send(inv);
      r.clock.advance(500);
    }
    const tag = toTagOf(have(/^SIP\/2\.0 200[\s\S]*CSeq: 1 INVITE/) ?? '');
    const bye = request({ method: 'BYE', branch: `z9hG4bKlb${String(i)}`, callId, toTag: tag, cseq: 2 });
    for (let k = 0; k < 12 && have(/^SIP\/2\.0 200[\s\S]*CSeq: 2 BYE/) === undefined; k++) {
      r.peer.send(request({ method: 'ACK', branch: `z9hG4bKla${String(i)}-${String(k)}`, callId, toTag: tag, cseq: 1 }));
      r.peer.send(bye);
      r.clock.advance(500);
    }
  }
  t.equal(r.calls.length, N, 'one call per Call-ID despite duplicates');
  t.equal(r.ended.filter((e) => e === 'remote-bye').length, N, 'every call ended by its BYE');
  t.ok(r.stack.stats().retransmissionsAbsorbed > 0);
});

t.test('sendInfo on a confirmed call: INFO in the dialog, resolves with the final status', async (t) => {
  const r = await rig(t);
  const tag = r.establish();
  const status = r.calls[0]?.sendInfo?.('application/dtmf-relay', 'Signal=1\r\nDuration=100\r\n');
  r.clock.advance(2);
  const info = r.got('INFO ')[0] ?? '';
  t.match(info, /^INFO sip:alice@192\.0\.2\.10:5062 SIP\/2\.0/);
  t.match(info, new RegExp(`^From: <sip:conference@198\\.51\\.100\\.1>;tag=${tag}`, 'm'));
  t.match(info, /Signal=1/);
  const branch = /branch=([^;\s]+)/.exec(info)?.[1] ?? '';
  r.peer.send(
    `SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 198.51.100.1:5060;branch=${branch}\r\nFrom: <sip:conference@198.51.100.1>;tag=${tag}\r\n` +
      'To: <sip:alice@192.0.2.10>;tag=ftag1\r\nCall-ID: call-1@192.0.2.10\r\nCSeq: 1 INFO\r\nContent-Length: 0\r\n\r\n',
  );
  r.clock.advance(2);
  t.equal(await status, 200);
});
