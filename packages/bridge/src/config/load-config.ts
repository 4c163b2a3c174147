/**
 * Loads `BridgeConfig` from a YAML file, the defaults and CLI flag overrides (flags win).
 * Every problem is reported with its field path and value, e.g.
 * `config: ivr.pinLength: must be an integer between 6 and 12, got "abc"`; flags are named
 * as typed (`--sip-port`). Relative paths in the file resolve against the file's folder,
 * relative paths in flags against the working directory.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { err, ok, type Result } from './bridge-error.js';
import {
  CONFIG_DEFAULTS,
  DEFAULT_MAX_PARTICIPANTS,
  defaultWorkerCount,
  type BridgeConfig,
  type ConfigRoom,
  type HttpConfig,
  type IvrConfig,
  type MediaConfig,
  type SipListenAddress,
  type TrunkConfig,
  type WebhookConfig,
} from './bridge-config.js';
import { ConfigError } from './config-error.js';
import {
  childPath,
  IssueSink,
  readBoolean,
  readInteger,
  readList,
  readMapping,
  readString,
  withDefault,
} from './schema-walker.js';

/** Values from command-line flags; each overrides the file. Numbers may arrive as text. */
export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly sipHost?: string;
  readonly sipPort?: number | string;
  readonly rtpPortMin?: number | string;
  readonly rtpPortMax?: number | string;
  readonly httpHost?: string;
  readonly httpPort?: number | string;
  readonly promptsDir?: string;
}

/** Where the config comes from. With neither `file` nor `text`, the defaults apply. */
export interface LoadConfigOptions {
  /** A YAML file. */
  readonly file?: string;
  /** YAML text instead of a file (tests, stdin); relative paths resolve against `cwd`. */
  readonly text?: string;
  readonly overrides?: ConfigOverrides;
  /** Working directory for relative flag paths and the default data folder; `process.cwd()` by default. */
  readonly cwd?: string;
}

/** The flag each override came from, so errors name what the operator typed. */
export const OVERRIDE_FLAGS: Readonly<Record<keyof ConfigOverrides, string>> = {
  dataDir: '--data',
  sipHost: '--sip-host',
  sipPort: '--sip-port',
  rtpPortMin: '--rtp-min',
  rtpPortMax: '--rtp-max',
  httpHost: '--http-host',
  httpPort: '--http-port',
  promptsDir: '--prompts',
};

const TOP_LEVEL_KEYS = ['sip', 'media', 'http', 'dataDir', 'promptsDir', 'recordingsDir', 'ivr', 'trunks', 'rooms', 'policy', 'webhook'];
const NAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const ROOM_ID_PATTERN = /^[0-9]{8,12}$/;
const DID_PATTERN = /^\+?[0-9]{3,15}$/;
const DISPLAY_NAME_PATTERN = /^[^\p{Cc}]{1,100}$/u;

/** Reads, parses and validates the config; see {@link LoadConfigOptions}. */
export function loadConfig(options: LoadConfigOptions = {}): Result<BridgeConfig, ConfigError> {
  const cwd = options.cwd ?? process.cwd();
  let text = options.text;
  let baseDir = cwd;
  if (options.file !== undefined) {
    const file = resolve(cwd, options.file);
    baseDir = dirname(file);
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      return err(new ConfigError('file-unreadable', [{ path: file, message: 'cannot read the config file' }], { cause }));
    }
  }
  let raw: unknown = {};
  if (text !== undefined) {
    const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    const first = document.errors[0];
    if (first !== undefined) {
      // Only the parser's first line: later lines quote the source, which may hold a secret.
      const where = linePosition(text, first.pos[0]);
      const reason = (first.message.split('\n')[0] ?? first.code).replace(/ at line \d+, column \d+:?$/, '');
      return err(new ConfigError('yaml-syntax', [{ path: where, message: reason }]));
    }
    raw = document.toJS({ maxAliasCount: 100 }) ?? {};
  }
  return parseConfig(raw, { baseDir, cwd, overrides: options.overrides ?? {} });
}

/** Validates an already-parsed config object (what the YAML yields). */
export function parseConfig(
  raw: unknown,
  context: { readonly baseDir: string; readonly cwd: string; readonly overrides?: ConfigOverrides },
): Result<BridgeConfig, ConfigError> {
  const sink = new IssueSink();
  const top = readMapping(raw, '', sink, TOP_LEVEL_KEYS) ?? {};
  const overrides = readOverrides(context.overrides ?? {}, sink);
  const path = (value: unknown, field: string): string | undefined => {
    const text = readString(value, field, sink, /^[^\0]+$/, 'must be a folder path');
    return text === undefined ? undefined : resolve(context.baseDir, text);
  };

  const dataDir =
    overrides.dataDir !== undefined
      ? resolve(context.cwd, overrides.dataDir)
      : top.dataDir !== undefined
        ? (path(top.dataDir, 'dataDir') ?? resolve(context.cwd, CONFIG_DEFAULTS.dataDir))
        : resolve(context.cwd, CONFIG_DEFAULTS.dataDir);
  const promptsDir =
    overrides.promptsDir !== undefined ? resolve(context.cwd, overrides.promptsDir) : top.promptsDir !== undefined ? path(top.promptsDir, 'promptsDir') : undefined;
  const recordingsDir = (top.recordingsDir !== undefined ? path(top.recordingsDir, 'recordingsDir') : undefined) ?? join(dataDir, 'recordings');

  const sip = readSip(top.sip, sink, overrides);
  const media = readMedia(top.media, sink, overrides);
  const http = readHttp(top.http, sink, overrides);
  const ivr = readIvr(top.ivr, sink);
  const trunks = top.trunks === undefined ? [] : (readList(top.trunks, 'trunks', sink, (item, p) => readTrunk(item, p, sink)) ?? []);
  const rooms = top.rooms === undefined ? [] : (readList(top.rooms, 'rooms', sink, (item, p) => readRoom(item, p, sink)) ?? []);
  const policy = top.policy === undefined ? {} : readMapping(top.policy, 'policy', sink, 'any');
  const webhook = top.webhook === undefined ? undefined : readWebhook(top.webhook, sink);
  checkUnique(trunks.map((trunk) => trunk.name), 'trunks', 'name', sink);
  checkUnique(rooms.map((room) => room.id), 'rooms', 'id', sink);

  if (sink.issues.length > 0) return err(new ConfigError('invalid', sink.issues));
  const config: BridgeConfig = {
    sip: { listen: sip },
    media,
    http,
    dataDir,
    ...(promptsDir !== undefined ? { promptsDir } : {}),
    recordingsDir,
    ivr,
    trunks,
    rooms,
    policy: policy ?? {},
    ...(webhook !== undefined ? { webhook } : {}),
  };
  return ok(config);
}

interface CheckedOverrides {
  dataDir?: string;
  sipHost?: string;
  sipPort?: number;
  rtpPortMin?: number;
  rtpPortMax?: number;
  httpHost?: string;
  httpPort?: number;
  promptsDir?: string;
}

function readOverrides(overrides: ConfigOverrides, sink: IssueSink): CheckedOverrides {
  const checked: CheckedOverrides = {};
  const port = (key: 'sipPort' | 'httpPort', min: number): void => {
    const value = overrides[key];
    if (value === undefined) return;
    const parsed = readInteger(value, OVERRIDE_FLAGS[key], sink, min, 65535);
    if (parsed !== undefined) checked[key] = parsed;
  };
  port('sipPort', 0);
  port('httpPort', 0);
  for (const key of ['rtpPortMin', 'rtpPortMax'] as const) {
    const value = overrides[key];
    if (value === undefined) continue;
    const parsed = readInteger(value, OVERRIDE_FLAGS[key], sink, 1024, 65535);
    if (parsed !== undefined) checked[key] = parsed;
  }
  for (const key of ['sipHost', 'httpHost'] as const) {
    const value = overrides[key];
    if (value === undefined) continue;
    const parsed = readIpAddress(value, OVERRIDE_FLAGS[key], sink);
    if (parsed !== undefined) checked[key] = parsed;
  }
  for (const key of ['dataDir', 'promptsDir'] as const) {
    const value = overrides[key];
    if (value === undefined) continue;
    const parsed = readString(value, OVERRIDE_FLAGS[key], sink, /^[^\0]+$/, 'must be a folder path');
    if (parsed !== undefined) checked[key] = parsed;
  }
  return checked;
}

function readIpAddress(value: unknown, path: string, sink: IssueSink): string | undefined {
  if (typeof value !== 'string' || isIP(value) === 0) return sink.invalid(path, 'must be an IPv4 or IPv6 address', value);
  return value;
}

function readSip(value: unknown, sink: IssueSink, overrides: CheckedOverrides): SipListenAddress[] {
  let listen: SipListenAddress[] = CONFIG_DEFAULTS.sip.listen.map((address) => ({ ...address }));
  if (value !== undefined) {
    const section = readMapping(value, 'sip', sink, ['listen']);
    if (section?.listen !== undefined) {
      listen = readList(section.listen, 'sip.listen', sink, (item, path) => readListenAddress(item, path, sink)) ?? listen;
      if (Array.isArray(section.listen) && section.listen.length === 0) sink.add('sip.listen', 'must list at least one address');
    }
  }
  return listen.map((address) => ({
    transport: address.transport,
    host: overrides.sipHost ?? address.host,
    port: overrides.sipPort ?? address.port,
  }));
}

function readListenAddress(value: unknown, path: string, sink: IssueSink): SipListenAddress | undefined {
  const entry = readMapping(value, path, sink, ['transport', 'host', 'port']);
  if (entry === undefined) return undefined;
  const transport = readString(entry.transport, childPath(path, 'transport'), sink, /^(udp|tcp)$/, 'must be "udp" or "tcp"');
  const host = withDefault(entry.host, '0.0.0.0', (v) => readIpAddress(v, childPath(path, 'host'), sink));
  const port = withDefault(entry.port, 5060, (v) => readInteger(v, childPath(path, 'port'), sink, 0, 65535));
  if (transport !== 'udp' && transport !== 'tcp') return undefined;
  return { transport, host, port };
}

function readMedia(value: unknown, sink: IssueSink, overrides: CheckedOverrides): MediaConfig {
  const d = CONFIG_DEFAULTS.media;
  const section = value === undefined ? {} : (readMapping(value, 'media', sink, ['bindAddress', 'publicAddress', 'rtpPortMin', 'rtpPortMax', 'workers', 'rtpTimeoutMs', 'maxPacketsPerSecond']) ?? {});
  const bindAddress = withDefault(section.bindAddress, d.bindAddress, (v) => readIpAddress(v, 'media.bindAddress', sink));
  const publicAddress = section.publicAddress === undefined ? undefined : readIpAddress(section.publicAddress, 'media.publicAddress', sink);
  const rtpPortMin = overrides.rtpPortMin ?? withDefault(section.rtpPortMin, d.rtpPortMin, (v) => readInteger(v, 'media.rtpPortMin', sink, 1024, 65535));
  const rtpPortMax = overrides.rtpPortMax ?? withDefault(section.rtpPortMax, d.rtpPortMax, (v) => readInteger(v, 'media.rtpPortMax', sink, 1024, 65535));
  if (rtpPortMax <= rtpPortMin) {
    const where = overrides.rtpPortMax !== undefined || overrides.rtpPortMin !== undefined ? '--rtp-max' : 'media.rtpPortMax';
    sink.add(where, `must be greater than the RTP port minimum ${rtpPortMin}, got ${rtpPortMax}`);
  }
  const workers = withDefault(section.workers, defaultWorkerCount(), (v) => readInteger(v, 'media.workers', sink, 1, 64));
  const rtpTimeoutMs = withDefault(section.rtpTimeoutMs, d.rtpTimeoutMs, (v) => readInteger(v, 'media.rtpTimeoutMs', sink, 1000, 600000));
  const maxPacketsPerSecond = withDefault(section.maxPacketsPerSecond, d.maxPacketsPerSecond, (v) => readInteger(v, 'media.maxPacketsPerSecond', sink, 50, 10000));
  return { bindAddress, ...(publicAddress !== undefined ? { publicAddress } : {}), rtpPortMin, rtpPortMax, workers, rtpTimeoutMs, maxPacketsPerSecond };
}

function readHttp(value: unknown, sink: IssueSink, overrides: CheckedOverrides): HttpConfig {
  const d = CONFIG_DEFAULTS.http;
  const section = value === undefined ? {} : (readMapping(value, 'http', sink, ['enabled', 'host', 'port', 'token']) ?? {});
  if (section.token !== undefined) sink.add('http.token', 'the admin token is not read from the config file; use PINBRIDGE_ADMIN_TOKEN or <dataDir>/admin.token');
  return {
    enabled: withDefault(section.enabled, d.enabled, (v) => readBoolean(v, 'http.enabled', sink)),
    host: overrides.httpHost ?? withDefault(section.host, d.host, (v) => readIpAddress(v, 'http.host', sink)),
    port: overrides.httpPort ?? withDefault(section.port, d.port, (v) => readInteger(v, 'http.port', sink, 0, 65535)),
  };
}

function readIvr(value: unknown, sink: IssueSink): IvrConfig {
  const d = CONFIG_DEFAULTS.ivr;
  const section = value === undefined ? {} : (readMapping(value, 'ivr', sink, Object.keys(d)) ?? {});
  const int = (key: keyof typeof d, min: number, max: number): number =>
    withDefault(section[key], d[key] as number, (v) => readInteger(v, `ivr.${key}`, sink, min, max));
  return {
    meetUser: withDefault(section.meetUser, d.meetUser, (v) =>
      readString(v, 'ivr.meetUser', sink, /^[A-Za-z0-9._~+-]{1,64}$/, 'must be a SIP user part of letters, digits and ._~+-'),
    ),
    language: withDefault(section.language, d.language, (v) =>
      readString(v, 'ivr.language', sink, /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB'),
    ),
    firstDigitTimeoutMs: int('firstDigitTimeoutMs', 1000, 120000),
    interDigitTimeoutMs: int('interDigitTimeoutMs', 1000, 60000),
    triesPerCall: int('triesPerCall', 1, 10),
    failurePauseMs: int('failurePauseMs', 0, 30000),
    roomIdLength: int('roomIdLength', 8, 12),
    pinLength: int('pinLength', 6, 12),
    hostPinLength: int('hostPinLength', 6, 12),
    ivrMaxMs: int('ivrMaxMs', 10000, 600000),
  };
}

/** Room IDs and DID targets may arrive as YAML numbers; take integers as their digits. */
function digitsOf(value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
}

function readTrunk(value: unknown, path: string, sink: IssueSink): TrunkConfig | undefined {
  const entry = readMapping(value, path, sink, ['name', 'cidrs', 'dids']);
  if (entry === undefined) return undefined;
  const name = readString(entry.name, childPath(path, 'name'), sink, NAME_PATTERN, 'must be 1-64 letters, digits or ._-');
  const cidrs = readList(entry.cidrs, childPath(path, 'cidrs'), sink, (item, itemPath) => readCidr(item, itemPath, sink));
  if (Array.isArray(entry.cidrs) && entry.cidrs.length === 0) sink.add(childPath(path, 'cidrs'), 'must list at least one source range');
  const dids: Record<string, string> = {};
  if (entry.dids !== undefined) {
    const map = readMapping(entry.dids, childPath(path, 'dids'), sink, 'any') ?? {};
    for (const [did, target] of Object.entries(map)) {
      const didPath = childPath(childPath(path, 'dids'), did);
      if (!DID_PATTERN.test(did)) {
        sink.add(didPath, 'the dialled number must be 3-15 digits with an optional leading +');
        continue;
      }
      const text = readString(digitsOf(target), didPath, sink, /^(?:ivr|[0-9]{8,12})$/, 'must be "ivr" or a room ID of 8-12 digits');
      if (text !== undefined) dids[did] = text;
    }
  }
  if (name === undefined || cidrs === undefined) return undefined;
  return { name, cidrs, dids };
}

function readCidr(value: unknown, path: string, sink: IssueSink): string | undefined {
  if (typeof value === 'string') {
    const [address = '', prefix, ...rest] = value.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family !== 0 && prefixOk && rest.length === 0) return value;
  }
  return sink.invalid(path, 'must be an IP address or CIDR range such as 203.0.113.0/24', value);
}

/** Boolean moderation options a config room may set. */
const ROOM_FLAG_OPTIONS = ['recordNames', 'autoLock', 'autoRecord', 'endWhenHostLeaves'] as const;

function readRoom(value: unknown, path: string, sink: IssueSink): ConfigRoom | undefined {
  const entry = readMapping(value, path, sink, 'any');
  if (entry === undefined) return undefined;
  for (const key of Object.keys(entry)) {
    if (/pin$/i.test(key)) {
      sink.add(childPath(path, key), 'PINs are not accepted in the config file; set them with `pinbridge rooms rotate <id>`');
    } else if (!['id', 'name', 'waitForHost', 'maxParticipants', ...ROOM_FLAG_OPTIONS, 'hostGraceMs', 'announce'].includes(key)) {
      sink.add(childPath(path, key), `unknown field (allowed here: id, name, waitForHost, maxParticipants, ${ROOM_FLAG_OPTIONS.join(', ')}, hostGraceMs, announce)`);
    }
  }
  // Moderation options (issue 7): only those given, so a room keeps what the CLI set for the rest.
  const moderation: Record<string, boolean | number | string> = {};
  for (const flag of ROOM_FLAG_OPTIONS) {
    if (entry[flag] === undefined) continue;
    const read = readBoolean(entry[flag], childPath(path, flag), sink);
    if (read !== undefined) moderation[flag] = read;
  }
  if (entry.hostGraceMs !== undefined) {
    const grace = readInteger(entry.hostGraceMs, childPath(path, 'hostGraceMs'), sink, 0, 3_600_000);
    if (grace !== undefined) moderation['hostGraceMs'] = grace;
  }
  if (entry.announce !== undefined) {
    const announce = readString(entry.announce, childPath(path, 'announce'), sink, /^(tone|name|none)$/, 'must be "tone", "name" or "none"');
    if (announce !== undefined) moderation['announce'] = announce;
  }
  if (moderation['announce'] === 'name' && moderation['recordNames'] === false) sink.add(childPath(path, 'announce'), '"name" needs recordNames: true');
  const id = readString(digitsOf(entry.id), childPath(path, 'id'), sink, ROOM_ID_PATTERN, 'must be a room ID of 8-12 digits');
  const name = withDefault(entry.name, id ?? 'room', (v) => readString(v, childPath(path, 'name'), sink, DISPLAY_NAME_PATTERN, 'must be 1-100 characters without control characters'));
  const waitForHost = withDefault(entry.waitForHost, true, (v) => readBoolean(v, childPath(path, 'waitForHost'), sink));
  const maxParticipants = withDefault(entry.maxParticipants, DEFAULT_MAX_PARTICIPANTS, (v) => readInteger(v, childPath(path, 'maxParticipants'), sink, 2, 10000));
  if (id === undefined) return undefined;
  return { id, name, waitForHost, maxParticipants, ...(Object.keys(moderation).length === 0 ? {} : { moderation }) };
}

function readWebhook(value: unknown, sink: IssueSink): WebhookConfig | undefined {
  const section = readMapping(value, 'webhook', sink, ['url']);
  if (section === undefined) return undefined;
  const url = section.url;
  if (typeof url === 'string') {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return { url };
    } catch {
      // reported below
    }
  }
  // The value is not echoed: a webhook URL often carries a secret in its query.
  return sink.add('webhook.url', 'must be an http:// or https:// URL');
}

function checkUnique(values: readonly string[], listPath: string, field: string, sink: IssueSink): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) sink.add(`${listPath}[${index}].${field}`, `duplicate ${field} ${JSON.stringify(value)}`);
    seen.add(value);
  });
}

/** "line L, column C" (1-based) of a character offset. */
function linePosition(text: string, offset: number): string {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}
