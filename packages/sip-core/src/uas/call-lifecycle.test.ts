// UAS behaviour in virtual time over the fake datagram network (RFC 3261 §13, §15, §17.2, §9).
import t from 'tap';
import { createVirtualClock, type VirtualClock } from '../transaction/index.js';
import { createFakeDatagramNetwork, type FakeNetworkKnobs, type FakePeer } from '../transport/index.js';
import type { CallEndReason, IncomingCall, SipStack, SipStackOptions } from '../index.js';
import { createSipStack } from './sip-stack.js';
import { OFFER, request, statusOf, toTagOf } from './test-uac.test-support.js';

const ANSWER = 'v=0\r\no=pinbridge 1 1 IN IP4 198.51.100.1\r\ns=pinbridge\r\nc=IN IP4 198.51.100.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

interface Rig {
  clock: VirtualClock;
  peer: FakePeer;
  stack: SipStack;
  calls: IncomingCall[];
  ended: CallEndReason[];
  /** Received messages whose first line starts with `prefix`. */
  got(prefix: string): string[];
}

async function rig(
  t: { teardown(fn: () => unknown): void },
  onInvite: (call: IncomingCall) => void = (call) => call.accept(ANSWER),
  knobs: FakeNetworkKnobs = {},
  extra: Partial<SipStackOptions> = {},
): Promise<Rig> {
  const clock = createVirtualClock();
  const net = createFakeDatagramNetwork(clock, knobs);
  const stack = await createSipStack({
    listen: [{ transport: 'udp', host: '198.51.100.1', port: 5060 }],
    clock,
    transportFactory: net.transportFactory,
    ...extra,
  });
  t.teardown(() => stack.close());
  const calls: IncomingCall[] = [];
  const ended: CallEndReason[] = [];
  stack.on('invite', (call) => {
    calls.push(call);
    call.on('ended', (e) => ended.push(e.by));
    onInvite(call);
  });
  return { clock, peer: net.peer, stack, calls, ended, got: (p) => net.peer.received.filter((m) => m.startsWith(p)) };
}

const invite = (branch = 'z9hG4bKinv1', extraHeaders: string[] = []): string =>
  request({ method: 'INVITE', branch, cseq: 1, body: OFFER, headers: extraHeaders });

t.test('INVITE → 100 at once, 200 with SDP; ACK confirms; BYE ends', async (t) => {
  const r = await rig(t);
  let confirmed = 0;
  r.peer.send(invite());
  r.clock.advance(5);
  t.equal(r.calls.length, 1);
  r.calls[0]?.on('confirmed', () => confirmed++);
  t.equal(statusOf(r.peer.received[0] ?? ''), 100, 'first response is 100 Trying');
  const ok = r.got('SIP/2.0 200');
  t.equal(ok.length, 1);
  t.match(ok[0] ?? '', /Content-Type: application\/sdp/);
  t.match(ok[0] ?? '', /Contact: <sip:198\.51\.100\.1:5060>/);
  t.match(ok[0] ?? '', /received=192\.0\.2\.10;rport=5062/, 'Via stamped per RFC 3581');
  const tag = toTagOf(ok[0] ?? '');
  t.ok(tag.length >= 8, 'To tag added');
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKack1', toTag: tag, cseq: 1 }));
  r.clock.advance(5);
  t.equal(confirmed, 1, 'confirmed on ACK');
  t.equal(r.calls[0]?.state, 'confirmed');
  r.peer.send(request({ method: 'BYE', branch: 'z9hG4bKbye1', toTag: tag, cseq: 2 }));
  r.clock.advance(5);
  t.equal(r.got('SIP/2.0 200').length, 2, '200 to BYE');
  t.same(r.ended, ['remote-bye']);
  r.clock.advance(60_000);
  t.equal(r.got('SIP/2.0 200').length, 2, 'no 2xx retransmission after ACK');
});

t.test('INVITE retransmissions are absorbed: one call, 100 resent while proceeding', async (t) => {
  const r = await rig(t, () => undefined);
  r.peer.send(invite());
  r.clock.advance(5);
  r.peer.send(invite());
  r.peer.send(invite());
  r.clock.advance(5);
  t.equal(r.calls.length, 1, 'one call only');
  t.equal(r.got('SIP/2.0 100').length, 3, 'provisional resent on each retransmission (§17.2.1)');
  t.equal(r.stack.stats().retransmissionsAbsorbed, 2);
  r.calls[0]?.accept(ANSWER);
  r.peer.send(invite());
  r.clock.advance(5);
  t.equal(r.got('SIP/2.0 200').length, 1, 'retransmission after 2xx absorbed silently (RFC 6026)');
});

t.test('lost ACK: 2xx retransmitted at T1, 2T1 … capped at T2, then BYE after 64*T1', async (t) => {
  const r = await rig(t);
  r.peer.send(invite());
  r.clock.advance(2);
  t.equal(r.got('SIP/2.0 200').length, 1);
  // Retransmissions at 500, 1500, 3500, 7500, 11500, ..., 31500 ms after the first send (§13.3.1.4).
  r.clock.advance(499);
  t.equal(r.got('SIP/2.0 200').length, 1, 'nothing before T1');
  r.clock.advance(2);
  t.equal(r.got('SIP/2.0 200').length, 2, 'first retransmission at T1');
  r.clock.advance(1000);
  t.equal(r.got('SIP/2.0 200').length, 3, 'second after 2*T1');
  r.clock.advance(2000);
  t.equal(r.got('SIP/2.0 200').length, 4, 'third after 4*T1');
  r.clock.advance(28_495); // just before 64*T1 = 32 s
  t.equal(r.got('SIP/2.0 200').length, 11, 'ten retransmissions by 31.5 s');
  t.equal(r.got('BYE').length, 0);
  r.clock.advance(10);
  const bye = r.got('BYE ');
  t.equal(bye.length, 1, 'BYE after 64*T1 without ACK');
  t.match(bye[0] ?? '', /^BYE sip:alice@192\.0\.2\.10:5062 SIP\/2\.0/, 'to the remote target (Contact)');
  t.match(bye[0] ?? '', /^To: "Phone" <sip:alice@192\.0\.2\.10>;tag=ftag1/m, 'To is the caller');
  t.same(r.ended, ['ack-timeout']);
});

t.test('CANCEL before the answer: 200 to CANCEL, 487 to INVITE, cancelled + ended', async (t) => {
  let cancelled = 0;
  const r = await rig(t, (call) => {
    call.on('cancelled', () => cancelled++);
    call.progress(180);
  });
  r.peer.send(invite());
  r.clock.advance(2);
  r.peer.send(request({ method: 'CANCEL', branch: 'z9hG4bKinv1', cseq: 1 }));
  r.clock.advance(2);
  const finals = r.peer.received.map(statusOf);
  t.same(finals, [100, 180, 200, 487]);
  t.match(r.got('SIP/2.0 200')[0] ?? '', /CSeq: 1 CANCEL/);
  t.equal(cancelled, 1);
  t.same(r.ended, ['cancel']);
  // The ACK for the 487 goes to the INVITE transaction (same branch, §17.1.1.3), and Timer G stops.
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKinv1', toTag: toTagOf(r.got('SIP/2.0 487')[0] ?? ''), cseq: 1 }));
  r.clock.advance(40_000);
  t.equal(r.got('SIP/2.0 487').length, 1, 'no 487 retransmission after ACK');
});

t.test('CANCEL after the 200: 200 to CANCEL and the call goes on', async (t) => {
  const r = await rig(t);
  r.peer.send(invite());
  r.clock.advance(2);
  r.peer.send(request({ method: 'CANCEL', branch: 'z9hG4bKinv1', cseq: 1 }));
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [100, 200, 200]);
  t.equal(r.got('SIP/2.0 487').length, 0);
  t.equal(r.calls[0]?.state, 'answered');
  t.same(r.ended, []);
});

t.test('CANCEL for no INVITE: 481', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'CANCEL', branch: 'z9hG4bKnone', cseq: 1 }));
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [481]);
});

t.test('BYE during 2xx retransmission: 200, retransmissions stop', async (t) => {
  const r = await rig(t);
  r.peer.send(invite());
  r.clock.advance(600);
  t.equal(r.got('SIP/2.0 200').length, 2, 'one retransmission so far');
  const tag = toTagOf(r.got('SIP/2.0 200')[0] ?? '');
  r.peer.send(request({ method: 'BYE', branch: 'z9hG4bKbye', toTag: tag, cseq: 2 }));
  r.clock.advance(40_000);
  t.equal(r.got('SIP/2.0 200').length, 3, 'only the 200 to BYE was added');
  t.equal(r.got('BYE').length, 0, 'no BYE from us');
  t.same(r.ended, ['remote-bye']);
});

t.test('481 for requests in an unknown dialog; stray ACK dropped', async (t) => {
  const r = await rig(t);
  r.peer.send(request({ method: 'BYE', branch: 'z9hG4bKb', toTag: 'nope', cseq: 2 }));
  r.peer.send(request({ method: 'INFO', branch: 'z9hG4bKi', toTag: 'nope', cseq: 3 }));
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKa', toTag: 'nope', cseq: 1 }));
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [481, 481]);
  t.equal(r.stack.stats().dropped, 1);
});

t.test('482 for a merged request (same From tag, Call-ID, CSeq; other branch)', async (t) => {
  const r = await rig(t, () => undefined);
  r.peer.send(invite('z9hG4bKpath1'));
  r.clock.advance(2);
  r.peer.send(invite('z9hG4bKpath2'));
  r.clock.advance(2);
  t.same(r.peer.received.map(statusOf), [100, 482]);
  t.equal(r.calls.length, 1);
});

t.test('non-2xx final: Timer G retransmits until ACK, the ACK is absorbed', async (t) => {
  const r = await rig(t, (call) => call.reject(486));
  r.peer.send(invite());
  r.clock.advance(2);
  r.clock.advance(1600); // G at 500, then 1000 more
  t.equal(r.got('SIP/2.0 486').length, 3);
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKinv1', toTag: toTagOf(r.got('SIP/2.0 486')[0] ?? ''), cseq: 1 }));
  r.clock.advance(40_000);
  t.equal(r.got('SIP/2.0 486').length, 3, 'no more after ACK');
  t.equal(r.stack.stats().dropped, 0, 'the ACK matched the transaction');
});

t.test('INFO is auto-answered 200, or with the status the listener chose', async (t) => {
  const bodies: string[] = [];
  const r = await rig(t, (call) => {
    call.accept(ANSWER);
    call.on('info', (info) => {
      bodies.push(Buffer.from(info.body).toString('utf8'));
      if (info.contentType !== 'application/dtmf-relay') info.respond(415);
    });
  });
  r.peer.send(invite());
  r.clock.advance(2);
  const tag = toTagOf(r.got('SIP/2.0 200')[0] ?? '');
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKack', toTag: tag, cseq: 1 }));
  r.peer.send(request({ method: 'INFO', branch: 'z9hG4bKi1', toTag: tag, cseq: 2, body: 'Signal=5\r\nDuration=160\r\n', contentType: 'application/dtmf-relay' }));
  r.peer.send(request({ method: 'INFO', branch: 'z9hG4bKi2', toTag: tag, cseq: 3, body: '<x/>', contentType: 'application/xml' }));
  r.clock.advance(2);
  t.same(bodies, ['Signal=5\r\nDuration=160\r\n', '<x/>']);
  t.same(r.peer.received.slice(-2).map(statusOf), [200, 415]);
});

t.test('a throwing listener is caught; the call still works', async (t) => {
  const errors: unknown[] = [];
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: (o: object) => errors.push(o) };
  const r = await rig(
    t,
    (call) => {
      call.accept(ANSWER);
      throw new Error('boom');
    },
    {},
    { logger },
  );
  r.peer.send(invite());
  r.clock.advance(2);
  t.equal(r.got('SIP/2.0 200').length, 1);
  t.equal(errors.length, 1);
});

t.test('duplicated and reordered datagrams: one call, all duplicates absorbed', async (t) => {
  const r = await rig(t, undefined, { duplicate: 1, jitterMs: 0 });
  r.peer.send(invite());
  r.clock.advance(5);
  t.equal(r.calls.length, 1);
  const tag = toTagOf(r.got('SIP/2.0 200')[0] ?? '');
  r.peer.send(request({ method: 'ACK', branch: 'z9hG4bKack', toTag: tag, cseq: 1 }));
  r.peer.send(request({ method: 'BYE', branch: 'z9hG4bKbye', toTag: tag, cseq: 2 }));
  r.clock.advance(5);
  t.same(r.ended, ['remote-bye']);
  t.ok(r.stack.stats().retransmissionsAbsorbed >= 3, 'INVITE, ACK and BYE duplicates absorbed');
});

t.test('an INVITE nobody answers gets 408 after unansweredTimeoutMs', async (t) => {
  const r = await rig(t, () => undefined, {}, { limits: { unansweredTimeoutMs: 10_000 } });
  r.peer.send(invite());
  r.clock.advance(9_990);
  t.same(r.peer.received.map(statusOf), [100]);
  r.clock.advance(20);
  t.same(r.peer.received.map(statusOf), [100, 408]);
  t.equal(r.stack.activeCalls(), 0);
});
