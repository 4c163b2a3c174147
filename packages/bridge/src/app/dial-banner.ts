/**
 * What `pinbridge serve` prints once when it creates a room on first start (PRODUCT.md:
 * "starts on safe defaults, creates a demo room, and prints how to dial it"). The PINs are
 * printed here and nowhere else: they never reach the log.
 */
import { networkInterfaces } from 'node:os';

/** The address callers should dial: the listen host, or this machine's first IPv4 when it listens on all. */
export function dialHost(listenHost: string, interfaces = networkInterfaces()): string {
  if (listenHost !== '0.0.0.0' && listenHost !== '::' && listenHost !== '') return listenHost.includes(':') ? `[${listenHost}]` : listenHost;
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.family === 'IPv4' && !info.internal) return info.address;
    }
  }
  return '127.0.0.1';
}

/** The banner lines for a freshly created room. */
export function dialBanner(options: {
  readonly title: string;
  readonly roomId: string;
  readonly pin: string;
  readonly hostPin: string;
  readonly host: string;
  readonly port: number;
  readonly meetUser: string;
}): string[] {
  const hostPort = options.port === 5060 ? options.host : `${options.host}:${options.port}`;
  return [
    '',
    `pinbridge: ${options.title}`,
    `  dial          sip:${options.meetUser}@${hostPort}  (enter the conference ID, then the PIN)`,
    `  or directly   sip:${options.roomId}@${hostPort}  (enter the PIN only)`,
    `  conference ID ${options.roomId}`,
    `  PIN           ${options.pin}`,
    `  host PIN      press * then ${options.hostPin}`,
    '  These PINs are shown only this once; `pinbridge rooms rotate ID` makes new ones.',
    '',
  ];
}
