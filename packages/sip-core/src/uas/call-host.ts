import type { BuildResponseOptions, NameAddr, SipRequest, SipResponse, Via } from '../message/index.js';
import type { ClientOutcome, Clock, ServerTransaction, SipTimers } from '../transaction/index.js';
import type { SipDestination, SipLogger, SipSource, SipStackStats } from '../transport/index.js';

/** What a call needs from its stack (the UAS core). Internal. */
export interface CallHost {
  readonly clock: Clock;
  readonly timers: SipTimers;
  readonly stats: SipStackStats;
  readonly logger: SipLogger;
  /** Our Min-SE (RFC 4028). */
  readonly minSessionExpires: number;
  /** Unanswered INVITEs get 408 after this many ms. */
  readonly unansweredTimeoutMs: number;
  /** A fresh random tag (RFC 3261 §19.3: at least 32 random bits). */
  newTag(): string;
  /** Our Via for a request sent toward `destination`, with a fresh branch. */
  localVia(destination: SipDestination): Via;
  /** Our Contact for a dialog on the transport of `source`. */
  localContact(source: SipSource): NameAddr;
  /** Header fields every dialog-creating or OPTIONS response carries (Allow, Supported, Server). */
  readonly capabilityHeaders: ReadonlyArray<readonly [string, string]>;
  /** Builds a response to the transaction's request and sends it through the transaction. */
  respond(tx: ServerTransaction, options: BuildResponseOptions): { readonly response: SipResponse; readonly bytes: Uint8Array | undefined };
  /** Sends serialized response bytes again (2xx retransmission, §13.3.1.4). */
  resendResponse(bytes: Uint8Array, response: SipResponse, source: SipSource): void;
  /** Sends a request in a non-INVITE client transaction; resolves on the final response or Timer F. */
  sendRequest(request: SipRequest, destination: SipDestination): Promise<ClientOutcome>;
  /** The call ended: remove it from the dialog table (after its transactions drain). */
  callEnded(key: string): void;
  /** Reports a throwing listener. */
  listenerError(error: unknown, event: string): void;
}
