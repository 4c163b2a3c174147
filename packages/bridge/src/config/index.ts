export { BridgeError, err, ok } from './bridge-error.js';
export type { Result } from './bridge-error.js';
export {
  CONFIG_DEFAULTS,
  DEFAULT_MAX_PARTICIPANTS,
  configWarnings,
  defaultWorkerCount,
} from './bridge-config.js';
export type {
  BridgeConfig,
  ConfigRoom,
  HttpConfig,
  IvrConfig,
  MediaConfig,
  SipConfig,
  SipListenAddress,
  SipTransport,
  TrunkConfig,
  WebhookConfig,
} from './bridge-config.js';
export { ConfigError, describeValue, isSecretPath } from './config-error.js';
export type { ConfigErrorCode, ConfigIssue } from './config-error.js';
export { OVERRIDE_FLAGS, loadConfig, parseConfig } from './load-config.js';
export type { ConfigOverrides, LoadConfigOptions } from './load-config.js';
export { SecretFileError, readOrCreateSecretFile } from './secret-file.js';
export type { SecretFileContent, SecretFileErrorCode } from './secret-file.js';
