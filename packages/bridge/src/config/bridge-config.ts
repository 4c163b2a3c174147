/**
 * `BridgeConfig`: the validated, readonly configuration of one bridge (STYLE.md §5: the
 * config file is parsed once into this type; nothing past `loadConfig` checks it again).
 * Every default here is a SECURITY.md or issue #5 default.
 */
import { availableParallelism } from 'node:os';

/** A SIP transport the bridge listens on. */
export type SipTransport = 'udp' | 'tcp';

/** One SIP listening socket. */
export interface SipListenAddress {
  readonly transport: SipTransport;
  readonly host: string;
  readonly port: number;
}

/** `sip:` section. */
export interface SipConfig {
  /** Default: 0.0.0.0:5060 on UDP and on TCP. */
  readonly listen: readonly SipListenAddress[];
}

/** `media:` section: RTP sockets and mixing workers. */
export interface MediaConfig {
  /** Address RTP sockets bind to (default 0.0.0.0). */
  readonly bindAddress: string;
  /** Address written into SDP `c=` lines when it differs from the bind address (NAT). */
  readonly publicAddress?: string;
  /** Lowest RTP port (even), default 20000. */
  readonly rtpPortMin: number;
  /** Highest RTP port, default 30000. */
  readonly rtpPortMax: number;
  /** Mixing worker threads; default one per core beyond the first, at least one. */
  readonly workers: number;
  /** A call with no RTP for this long is ended (SECURITY.md "RTP": 30 s). */
  readonly rtpTimeoutMs: number;
  /** Packets per second one audio stream may send before the excess is dropped undecoded (SECURITY.md "RTP": 200). */
  readonly maxPacketsPerSecond: number;
}

/** `http:` section: the admin API. The bearer token lives in the data folder or the environment, never here. */
export interface HttpConfig {
  readonly enabled: boolean;
  /** Default 127.0.0.1: the admin API is not exposed unless the operator says so. */
  readonly host: string;
  /** Default 8089. */
  readonly port: number;
}

/** `ivr:` section: prompts, timeouts and code lengths (SECURITY.md "Entry flow", "In-call pacing"). */
export interface IvrConfig {
  /** Request-URI user that reaches the IVR asking for the conference ID (default `meet`). */
  readonly meetUser: string;
  /** Prompt language: a subfolder of the prompts folder (default `en`). */
  readonly language: string;
  readonly firstDigitTimeoutMs: number;
  readonly interDigitTimeoutMs: number;
  /** PIN tries per call before "goodbye" (T = 3). */
  readonly triesPerCall: number;
  /** Unskippable pause after each failure (2 s). */
  readonly failurePauseMs: number;
  readonly roomIdLength: number;
  /** Participant PIN length (8; 6 only by explicit config). */
  readonly pinLength: number;
  /** Host PIN length (10). */
  readonly hostPinLength: number;
  /** Whole IVR without joining (60 s). */
  readonly ivrMaxMs: number;
}

/** One SIP trunk, recognised by its source addresses. */
export interface TrunkConfig {
  readonly name: string;
  /** Source CIDRs (IPv4 or IPv6) of the trunk's signalling. */
  readonly cidrs: readonly string[];
  /** Dialled number → `ivr` or a room ID. Keys keep the config spelling (`+15551234567`). */
  readonly dids: Readonly<Record<string, string>>;
}

/** A room provisioned from the config file. Its PINs come from the store (CLI/API), never the YAML. */
export interface ConfigRoom {
  readonly id: string;
  readonly name: string;
  readonly waitForHost: boolean;
  readonly maxParticipants: number;
  /** Moderation options given in the file (`recordNames`, `autoLock`, `autoRecord`, `endWhenHostLeaves`, `hostGraceMs`, `announce`). */
  readonly moderation?: Readonly<Record<string, boolean | number | string>>;
}

/** `webhook:` section: where alerts are POSTed. */
export interface WebhookConfig {
  readonly url: string;
}

/** The whole validated configuration. Paths are absolute. */
export interface BridgeConfig {
  readonly sip: SipConfig;
  readonly media: MediaConfig;
  readonly http: HttpConfig;
  /** Holds pinbridge.sqlite, server.key and admin.token (default ./data). */
  readonly dataDir: string;
  /** A folder replacing the shipped prompts (per language subfolder). */
  readonly promptsDir?: string;
  /** Where recordings are written (default `<dataDir>/recordings`). */
  readonly recordingsDir: string;
  readonly ivr: IvrConfig;
  readonly trunks: readonly TrunkConfig[];
  readonly rooms: readonly ConfigRoom[];
  /** The raw `policy:` mapping; the abuse policy parses it itself (issue 6). Default `{}`. */
  readonly policy: unknown;
  readonly webhook?: WebhookConfig;
}

/** Default maximum participants per room. */
export const DEFAULT_MAX_PARTICIPANTS = 100;

/** Defaults of every section that does not depend on the data folder. */
export const CONFIG_DEFAULTS = {
  sip: {
    listen: [
      { transport: 'udp', host: '0.0.0.0', port: 5060 },
      { transport: 'tcp', host: '0.0.0.0', port: 5060 },
    ],
  },
  media: {
    bindAddress: '0.0.0.0',
    rtpPortMin: 20000,
    rtpPortMax: 30000,
    rtpTimeoutMs: 30000,
    maxPacketsPerSecond: 200,
  },
  http: { enabled: true, host: '127.0.0.1', port: 8089 },
  dataDir: './data',
  ivr: {
    meetUser: 'meet',
    language: 'en',
    firstDigitTimeoutMs: 10000,
    interDigitTimeoutMs: 5000,
    triesPerCall: 3,
    failurePauseMs: 2000,
    roomIdLength: 9,
    pinLength: 8,
    hostPinLength: 10,
    ivrMaxMs: 60000,
  },
} as const satisfies {
  sip: SipConfig;
  media: Omit<MediaConfig, 'workers'>;
  http: HttpConfig;
  dataDir: string;
  ivr: IvrConfig;
};

/** ARCHITECTURE.md "Threads": one worker per core beyond the first, at least one. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * Startup warnings for a valid but weak config (PRODUCT.md: 6-digit participant PINs only
 * by explicit config, with a warning). The policy adds its own budget checks (issue 6).
 */
export function configWarnings(config: BridgeConfig): string[] {
  const warnings: string[] = [];
  if (config.ivr.pinLength < 8) {
    warnings.push(`ivr.pinLength is ${config.ivr.pinLength}: PINs shorter than 8 digits need a smaller global failure budget (SECURITY.md)`);
  }
  if (config.ivr.hostPinLength < 10) warnings.push(`ivr.hostPinLength is ${config.ivr.hostPinLength}: the default is 10`);
  if (config.http.enabled && !isLoopback(config.http.host)) {
    warnings.push(`http.host is ${config.http.host}: the admin API listens beyond loopback`);
  }
  return warnings;
}

function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}
