export { BridgeMetrics } from './bridge-metrics.js';
export type { AuthFailureReason, RtpSample, WorkerTickSample } from './bridge-metrics.js';
