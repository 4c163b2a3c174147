/**
 * TEMPORARY (issue #5): placeholder until the rtp-mixer MediaEngine lands; replaced by the
 * real adapter.
 */
import type { BridgeConfig } from '../config/index.js';
import type { CallLogger, MediaControl, NegotiateAudio } from './ports.js';

/** Engine events a session cares about. */
export type MediaEvent =
  | { readonly kind: 'dtmf'; readonly endpointId: string; readonly digit: string; readonly durationMs: number; readonly source: string }
  | { readonly kind: 'playback-done'; readonly endpointId: string; readonly playbackId: string }
  | { readonly kind: 'rtp-timeout'; readonly endpointId: string };

/** The started engine, adapted. */
export interface MediaRuntime {
  readonly control: MediaControl;
  readonly negotiate: NegotiateAudio;
  onEvent(listener: (event: MediaEvent) => void): void;
  stats(): Record<string, number> | undefined;
  close(): Promise<void>;
}

/** Not available yet. */
export async function startMedia(_config: BridgeConfig, _logger: CallLogger): Promise<MediaRuntime> {
  throw new Error('the media engine is not wired yet');
}
