// Interop over real loopback sockets: SIPp calls the example UAS over UDP and TCP,
// with its built-in `uac` scenario and with ours (SDP offer, INFO, re-INVITE hold,
// a retransmitted INVITE). SIPp must exit 0 with every call successful, and the
// UAS must report the retransmission as absorbed.
import t from 'tap';
import { join } from 'node:path';
import { freePort, runSipp, SCENARIOS, startUas } from './sipp-runner.js';

const CALLS = 10;

for (const transport of ['udp', 'tcp'] as const) {
  const sippTransport = transport === 'udp' ? 'u1' : 't1';

  t.test(`sipp -sn uac over ${transport}`, async (t) => {
    const uas = await startUas(transport);
    t.teardown(() => uas.stop());
    const port = await freePort();
    const result = await runSipp(['-sn', 'uac', `127.0.0.1:${String(uas.port)}`, '-t', sippTransport, '-p', String(port), '-m', String(CALLS), '-r', '20', '-l', '10', '-d', '0']);
    t.equal(result.code, 0, 'sipp exit code 0\n' + (result.code === 0 ? '' : result.stdout));
    t.equal(result.stats['SuccessfulCall(C)'], CALLS, 'every call succeeded');
    t.equal(result.stats['FailedCall(C)'], 0, 'no failed call');
    const { stats } = await uas.stats();
    t.equal(stats['calls'], CALLS, 'the UAS saw every call');
    t.equal(stats['parseErrors'], 0, 'no parse errors');
  });

  t.test(`sipp SDP+INFO+hold scenario over ${transport}`, async (t) => {
    const uas = await startUas(transport);
    t.teardown(() => uas.stop());
    const port = await freePort();
    const result = await runSipp([
      '-sf',
      join(SCENARIOS, 'uac-sdp-info.xml'),
      `127.0.0.1:${String(uas.port)}`,
      '-t',
      sippTransport,
      '-p',
      String(port),
      '-m',
      String(CALLS),
      '-r',
      '20',
      '-l',
      '10',
    ]);
    t.equal(result.code, 0, 'sipp exit code 0\n' + (result.code === 0 ? '' : result.stdout));
    t.equal(result.stats['SuccessfulCall(C)'], CALLS, 'every call succeeded (PCMA chosen, telephone-event kept, hold answered recvonly)');
    t.equal(result.stats['FailedCall(C)'], 0, 'no failed call');
    const { stats } = await uas.stats();
    t.equal(stats['calls'], CALLS, 'the UAS saw every call');
    t.ok((stats['retransmissionsAbsorbed'] ?? 0) >= CALLS, 'each call’s retransmitted INVITE was absorbed');
    // INVITE, ACK, 2 INFO, re-INVITE, ACK, BYE + the retransmitted INVITE per call.
    t.equal(stats['received'], CALLS * 8, 'every message reached the stack');
  });
}
