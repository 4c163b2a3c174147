// Whatever bytes arrive, the stack answers or drops them and never throws (fast-check, seed logged).
import t from 'tap';
import fc from 'fast-check';
import { createVirtualClock } from '../transaction/index.js';
import { createFakeDatagramNetwork } from '../transport/index.js';
import { createSipStack } from './sip-stack.js';
import { OFFER, request } from './test-uac.test-support.js';

const seed = Number(process.env['FC_SEED'] ?? Date.now() % 2_147_483_647);

t.test(`random mutations of real requests never crash the stack (seed ${String(seed)})`, async (t) => {
  const clock = createVirtualClock();
  const net = createFakeDatagramNetwork(clock);
  const stack = await createSipStack({ listen: [{ transport: 'udp', host: '198.51.100.1', port: 5060 }], clock, transportFactory: net.transportFactory });
  t.teardown(() => stack.close());
  stack.on('invite', (call) => call.accept('v=0\r\n'));
  const corpus = [
    request({ method: 'INVITE', branch: 'z9hG4bKr1', cseq: 1, body: OFFER }),
    request({ method: 'BYE', branch: 'z9hG4bKr2', cseq: 2, toTag: 'x' }),
    request({ method: 'OPTIONS', branch: 'z9hG4bKr3', cseq: 1 }),
    request({ method: 'CANCEL', branch: 'z9hG4bKr1', cseq: 1 }),
  ].map((s) => Buffer.from(s, 'latin1'));
  let sent = 0;
  fc.assert(
    fc.property(
      fc.nat(corpus.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.nat(),
      (pick, flips, cut) => {
        const base = Buffer.from(corpus[pick] ?? Buffer.alloc(0));
        for (const [pos, value] of flips) base[pos % base.length] = value;
        const bytes = base.subarray(0, Math.max(1, base.length - (cut % 40)));
        sent++;
        net.peer.send(bytes);
        clock.advance(1);
      },
    ),
    { seed, numRuns: 500 },
  );
  clock.advance(70_000);
  const s = stack.stats();
  t.equal(s.received + s.parseErrors, sent, 'every datagram was parsed or counted as a parse error');
  t.ok(s.malformedAnswered + s.dropped <= s.parseErrors + s.received, 'answers and drops are accounted for');
});
