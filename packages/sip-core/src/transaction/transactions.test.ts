// Server and client transactions in virtual time (RFC 3261 §17.1.2, §17.2, RFC 6026).
import t from 'tap';
import { buildResponse, parseSipMessage, type SipRequest, type SipResponse } from '../message/index.js';
import { createSipStackStats, type SipSource } from '../transport/index.js';
import { NonInviteClientTransaction } from './non-invite-client-transaction.js';
import { ServerTransactionTable } from './server-transaction-table.js';
import { DEFAULT_SIP_TIMERS } from './sip-timers.js';
import { serverTransactionKey } from './transaction-key.js';
import { createVirtualClock } from './virtual-clock.js';

const UDP: SipSource = { transport: 'udp', address: '192.0.2.10', port: 5062 };
const TCP: SipSource = { transport: 'tcp', address: '192.0.2.10', port: 40123 };

function req(text: string): SipRequest {
  const parsed = parseSipMessage(Buffer.from(text, 'latin1'));
  if (!parsed.ok || parsed.value.kind !== 'request') throw new Error('test vector does not parse');
  return parsed.value;
}

const msg = (method: string, via: string, cseq = `1 ${method}`): string =>
  `${method} sip:bob@198.51.100.1 SIP/2.0\r\nVia: ${via}\r\nFrom: <sip:a@192.0.2.10>;tag=f1\r\nTo: <sip:bob@198.51.100.1>\r\n` +
  `Call-ID: tx1\r\nCSeq: ${cseq}\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n`;

function setup() {
  const clock = createVirtualClock();
  const stats = createSipStackStats();
  const sent: SipResponse[] = [];
  const table = new ServerTransactionTable({ clock, timers: DEFAULT_SIP_TIMERS, stats, sendResponse: (_b, r) => sent.push(r) });
  return { clock, stats, sent, table };
}

t.test('keys: branch + sent-by + method; ACK maps to INVITE; CANCEL has its own', async (t) => {
  const invite = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKk1'));
  const ack = req(msg('ACK', 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKk1', '1 ACK'));
  const cancel = req(msg('CANCEL', 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKk1', '1 CANCEL'));
  const otherHost = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.11:5062;branch=z9hG4bKk1'));
  t.equal(serverTransactionKey(ack), serverTransactionKey(invite));
  t.not(serverTransactionKey(cancel), serverTransactionKey(invite));
  t.equal(serverTransactionKey(cancel, 'INVITE'), serverTransactionKey(invite));
  t.not(serverTransactionKey(otherHost), serverTransactionKey(invite), 'sent-by is part of the key (§17.2.3)');
});

t.test('RFC 2543 fallback: no magic cookie, matched by Request-URI, From tag, Call-ID, CSeq, Via', async (t) => {
  const a = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=old1'));
  const again = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=old1'));
  const ack = req(msg('ACK', 'SIP/2.0/UDP 192.0.2.10:5062;branch=old1', '1 ACK').replace('To: <sip:bob@198.51.100.1>', 'To: <sip:bob@198.51.100.1>;tag=ours'));
  const next = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=old1', '2 INVITE'));
  t.equal(serverTransactionKey(again), serverTransactionKey(a));
  t.equal(serverTransactionKey(ack), serverTransactionKey(a), 'ACK with our To tag still matches');
  t.not(serverTransactionKey(next), serverTransactionKey(a));
});

t.test('non-INVITE over UDP: retransmissions absorbed in trying, final resent in completed, Timer J = 64*T1', async (t) => {
  const s = setup();
  const bye = req(msg('BYE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKj'));
  const tx = s.table.create(bye, UDP);
  s.table.match(bye)?.onRetransmission();
  t.equal(s.sent.length, 0, 'nothing to resend while trying');
  tx.respond(buildResponse(bye, { status: 200 }));
  s.table.match(bye)?.onRetransmission();
  t.equal(s.sent.length, 2, 'final resent');
  t.equal(s.stats.retransmissionsAbsorbed, 2);
  s.clock.advance(31_999);
  t.ok(s.table.match(bye) !== undefined, 'still there before Timer J');
  s.clock.advance(1);
  t.equal(s.table.match(bye), undefined, 'gone after 64*T1');
});

t.test('non-INVITE over TCP: Timer J is 0', async (t) => {
  const s = setup();
  const bye = req(msg('BYE', 'SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bKjt'));
  s.table.create(bye, TCP).respond(buildResponse(bye, { status: 200 }));
  s.clock.advance(0);
  t.equal(s.table.size, 0);
});

t.test('INVITE, non-2xx over TCP: no Timer G; ACK → confirmed, Timer I = 0', async (t) => {
  const s = setup();
  const invite = req(msg('INVITE', 'SIP/2.0/TCP 192.0.2.10:5062;branch=z9hG4bKit'));
  const tx = s.table.create(invite, TCP);
  if (tx.kind !== 'invite') return t.fail('INVITE transaction expected');
  tx.respond(buildResponse(invite, { status: 486, toTag: 'x' }));
  s.clock.advance(10_000);
  t.equal(s.sent.length, 1, 'no retransmission over a reliable transport');
  t.equal(tx.onAck(), true);
  t.equal(tx.state, 'confirmed');
  s.clock.advance(0);
  t.equal(tx.state, 'terminated');
});

t.test('INVITE, non-2xx over UDP without ACK: Timer G doubles to T2, Timer H ends it and reports', async (t) => {
  const s = setup();
  let timeouts = 0;
  const invite = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKh'));
  const tx = s.table.create(invite, UDP, () => timeouts++);
  tx.respond(buildResponse(invite, { status: 603, toTag: 'x' }));
  // G fires at 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, ..., 31.5 s: 10 retransmissions before H at 32 s.
  s.clock.advance(32_000);
  t.equal(s.sent.length, 11);
  t.equal(timeouts, 1);
  t.equal(s.table.size, 0);
});

t.test('INVITE 2xx: accepted state absorbs retransmissions and hands the ACK to the TU (RFC 6026)', async (t) => {
  const s = setup();
  const invite = req(msg('INVITE', 'SIP/2.0/UDP 192.0.2.10:5062;branch=z9hG4bKa'));
  const tx = s.table.create(invite, UDP);
  if (tx.kind !== 'invite') return t.fail('INVITE transaction expected');
  tx.respond(buildResponse(invite, { status: 100 }));
  tx.onRetransmission();
  t.equal(s.sent.length, 2, '100 resent while proceeding');
  tx.respond(buildResponse(invite, { status: 200, toTag: 'x' }));
  tx.onRetransmission();
  t.equal(s.sent.length, 3, 'absorbed without resending in accepted');
  t.equal(tx.onAck(), false, 'ACK belongs to the TU');
  s.clock.advance(32_000);
  t.equal(tx.state, 'terminated', 'Timer L');
});

t.test('client non-INVITE: Timer E T1, 2T1 … T2; provisional moves to T2; Timer F times out', async (t) => {
  const clock = createVirtualClock();
  const stats = createSipStackStats();
  const sends: number[] = [];
  const outcomes: string[] = [];
  const bye = req(msg('BYE', 'SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKc'));
  new NonInviteClientTransaction(bye, UDP, () => sends.push(clock.now()), clock, DEFAULT_SIP_TIMERS, stats, (o) => outcomes.push(o.kind));
  clock.advance(32_000);
  t.same(sends.slice(0, 6), [0, 500, 1500, 3500, 7500, 11500]);
  t.same(outcomes, ['timeout']);
  const sends2: number[] = [];
  const tx = new NonInviteClientTransaction(bye, UDP, () => sends2.push(clock.now()), clock, DEFAULT_SIP_TIMERS, stats, (o) => outcomes.push(o.kind));
  const base = clock.now();
  tx.onResponse(buildResponse(bye, { status: 100 }));
  clock.advance(4_500);
  t.same(
    sends2.map((x) => x - base),
    [0, 500, 4500],
    'after a 1xx the next retransmission waits T2 (§17.1.2.2)',
  );
  tx.onResponse(buildResponse(bye, { status: 200 }));
  t.same(outcomes, ['timeout', 'response']);
});
