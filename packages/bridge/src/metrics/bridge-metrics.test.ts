import t from 'tap';
import { BridgeMetrics } from './bridge-metrics.js';

t.test('metrics render in Prometheus text with the documented names', async (t) => {
  const metrics = new BridgeMetrics({ processMetrics: false });
  metrics.activeCalls.set(3);
  metrics.joins.inc({ role: 'host' });
  metrics.authFailed('wrong-pin', 'participant');
  metrics.authFailed('wrong-pin', 'participant');
  metrics.observeTick({ worker: 1, tickDurationMs: 0.4, tickLatenessMs: 1.5 });
  metrics.observeRtp({ packetsIn: 50, packetsOut: 49, packetsLost: 1, jitterMs: 3 });
  const { contentType, body } = await metrics.render();
  t.match(contentType, /text\/plain/);
  t.match(body, /^pinbridge_active_calls 3$/m);
  t.match(body, /^pinbridge_joins_total\{role="host"\} 1$/m);
  t.match(body, /^pinbridge_auth_failures_total\{reason="wrong-pin",role="participant"\} 2$/m);
  t.match(body, /^pinbridge_mixer_tick_lateness_ms_bucket\{le="2",worker="1"\} 1$/m);
  t.match(body, /^pinbridge_mixer_tick_lateness_ms_bucket\{le="1",worker="1"\} 0$/m);
  t.match(body, /^pinbridge_rtp_packets_in_total 50$/m);
  t.match(body, /^pinbridge_rtp_packets_lost_total 1$/m);
  t.notMatch(body, /process_cpu/, 'process metrics off when asked');
});

t.test('two bridges in one process keep separate registries', async (t) => {
  const a = new BridgeMetrics({ processMetrics: false });
  const b = new BridgeMetrics({ processMetrics: false });
  a.participants.set(7);
  t.match((await b.render()).body, /^pinbridge_participants 0$/m);
  t.match((await a.render()).body, /^pinbridge_participants 7$/m);
});
