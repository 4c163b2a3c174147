import type { SipRequest } from '../message/index.js';
import type { SipSource } from '../transport/index.js';
import { InviteServerTransaction } from './invite-server-transaction.js';
import { NonInviteServerTransaction } from './non-invite-server-transaction.js';
import type { TransactionEnv } from './transaction-env.js';
import { mergeKey, serverTransactionKey } from './transaction-key.js';

/** Either kind of server transaction. */
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;

/**
 * The server transactions of one stack, keyed per RFC 3261 §17.2.3, plus the
 * merged-request index of §8.2.2.2.
 */
export class ServerTransactionTable {
  private readonly byKey = new Map<string, ServerTransaction>();
  private readonly byMerge = new Map<string, string>();

  /** @param env - shared by every transaction of the table */
  constructor(private readonly env: TransactionEnv) {}

  /** Number of live transactions. */
  get size(): number {
    return this.byKey.size;
  }

  /** The transaction a request (or its retransmission, or the ACK of a non-2xx) belongs to. */
  match(request: SipRequest): ServerTransaction | undefined {
    return this.byKey.get(serverTransactionKey(request));
  }

  /** The INVITE transaction a CANCEL cancels (§9.2: same key with method INVITE). */
  matchCancelled(cancel: SipRequest): InviteServerTransaction | undefined {
    const tx = this.byKey.get(serverTransactionKey(cancel, 'INVITE'));
    return tx?.kind === 'invite' ? tx : undefined;
  }

  /**
   * Whether a new request without To tag merges with a live transaction
   * (same From tag, Call-ID and CSeq, other transaction key): RFC 3261 §8.2.2.2 → 482.
   */
  isMerged(request: SipRequest): boolean {
    if (request.to.tag !== undefined) return false;
    const existing = this.byMerge.get(mergeKey(request));
    return existing !== undefined && existing !== serverTransactionKey(request);
  }

  /** Creates and registers the server transaction for a new request (never ACK). */
  create(request: SipRequest, source: SipSource, onAckTimeout?: () => void): ServerTransaction {
    const key = serverTransactionKey(request);
    const merge = request.to.tag === undefined ? mergeKey(request) : undefined;
    const remove = (tx: ServerTransaction): void => {
      if (this.byKey.get(key) === tx) this.byKey.delete(key);
      if (merge !== undefined && this.byMerge.get(merge) === key) this.byMerge.delete(merge);
    };
    const tx: ServerTransaction =
      request.method === 'INVITE'
        ? new InviteServerTransaction(key, request, source, this.env, remove, onAckTimeout)
        : new NonInviteServerTransaction(key, request, source, this.env, remove);
    this.env.stats.transactions++;
    this.byKey.set(key, tx);
    if (merge !== undefined && !this.byMerge.has(merge)) this.byMerge.set(merge, key);
    return tx;
  }

  /** Terminates every transaction (stack close). */
  clear(): void {
    for (const tx of [...this.byKey.values()]) tx.terminate();
    this.byKey.clear();
    this.byMerge.clear();
  }
}
