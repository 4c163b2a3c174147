// A runnable UAS that answers every INVITE with an SDP answer (no media is sent).
// Usage: npx tsx packages/sip-core/examples/answer-uas.ts --port 5070 [--host 127.0.0.1] [--transport udp|tcp]
// With --control, it reads commands from stdin: `stats` prints one JSON line
// {"stats":{...},"cpu":{"user":µs,"system":µs},"addresses":[...]}, `quit` closes and exits.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createSipStack, negotiateAudio, sipStatusForSdpError, type SipTransportProtocol } from '../src/index.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '5070' },
    transport: { type: 'string', default: 'udp' },
    'rtp-port': { type: 'string', default: '40000' },
    control: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  },
});
const transport = values.transport;
if (transport !== 'udp' && transport !== 'tcp') {
  console.error('--transport must be udp or tcp');
  process.exit(2);
}
const protocol: SipTransportProtocol = transport;
const log = (line: string): void => {
  if (!values.quiet) console.log(line);
};

const stack = await createSipStack({
  listen: [{ transport: protocol, host: values.host, port: Number(values.port) }],
  userAgent: 'pinbridge-answer-uas',
});

stack.on('invite', (call) => {
  log(`INVITE ${call.callId} from ${call.source.address}:${String(call.source.port)}`);
  if (call.offerSdp === undefined) {
    call.reject(488, 'Offer Required');
    return;
  }
  const negotiated = negotiateAudio(call.offerSdp, {
    codecs: ['PCMU', 'PCMA', 'opus'],
    telephoneEvent: true,
    localAddress: values.host === '0.0.0.0' || values.host === '::' ? '127.0.0.1' : values.host,
    localPort: Number(values['rtp-port']),
  });
  if (!negotiated.ok) {
    call.reject(sipStatusForSdpError(negotiated.error.code));
    return;
  }
  call.on('info', (info) => log(`INFO ${call.callId} ${info.contentType} ${Buffer.from(info.body).toString('utf8').trim()}`));
  call.on('reinvite', (event) => {
    if (event.offerSdp === undefined) return event.respond(negotiated.value.answerSdp);
    const again = negotiateAudio(event.offerSdp, {
      codecs: ['PCMU', 'PCMA', 'opus'],
      telephoneEvent: true,
      localAddress: values.host,
      localPort: Number(values['rtp-port']),
      sessionVersion: 2,
    });
    if (again.ok) event.respond(again.value.answerSdp);
    else event.reject(sipStatusForSdpError(again.error.code));
  });
  call.on('ended', (event) => log(`ENDED ${call.callId} by ${event.by}`));
  call.accept(negotiated.value.answerSdp);
});

for (const addr of stack.addresses()) log(`listening ${addr.transport} ${addr.host}:${String(addr.port)}`);

async function shutdown(): Promise<void> {
  await stack.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

if (values.control) {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const command = line.trim();
    if (command === 'stats') console.log(JSON.stringify({ stats: stack.stats(), cpu: process.cpuUsage(), addresses: stack.addresses() }));
    else if (command === 'quit') void shutdown();
  });
  rl.on('close', () => void shutdown());
}
