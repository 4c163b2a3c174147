/** Transport protocols of the stack. TLS and WebSocket may join later behind the same interface. */
export type SipTransportProtocol = 'udp' | 'tcp';

/** Where a message came from (the packet's or connection's remote end). */
export interface SipSource {
  readonly transport: SipTransportProtocol;
  /** Remote IP address (IPv6 without brackets). */
  readonly address: string;
  readonly port: number;
}

/** Where to send: address, port and transport. */
export type SipDestination = SipSource;
