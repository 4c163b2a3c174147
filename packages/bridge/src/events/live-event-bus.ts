/**
 * The bridge's live events (joins, leaves, talking, mute, lock, recording, hands, lockouts,
 * alerts), fanned out to the admin API's Server-Sent Events stream. A slow or throwing
 * subscriber never blocks a call: listeners run synchronously, errors are counted and the
 * subscriber is dropped.
 */

/** One live event; `roomId` is absent for server-wide events (lockouts, alerts). */
export type LiveEvent =
  | { readonly type: 'join'; readonly at: string; readonly roomId: string; readonly callId: string; readonly role: 'guest' | 'host'; readonly displayName?: string }
  | { readonly type: 'leave'; readonly at: string; readonly roomId: string; readonly callId: string; readonly reason: string }
  | { readonly type: 'talking'; readonly at: string; readonly roomId: string; readonly callId: string; readonly isTalking: boolean }
  | { readonly type: 'mute'; readonly at: string; readonly roomId: string; readonly callId: string; readonly isMuted: boolean }
  | { readonly type: 'lock'; readonly at: string; readonly roomId: string; readonly isLocked: boolean }
  | { readonly type: 'recording'; readonly at: string; readonly roomId: string; readonly isRecording: boolean; readonly file?: string }
  | { readonly type: 'hand'; readonly at: string; readonly roomId: string; readonly callId: string; readonly isRaised: boolean }
  | { readonly type: 'floor'; readonly at: string; readonly roomId: string; readonly callId: string }
  | { readonly type: 'mode'; readonly at: string; readonly roomId: string; readonly mode: 'open' | 'lecture' }
  | { readonly type: 'ended'; readonly at: string; readonly roomId: string; readonly reason: string }
  | { readonly type: 'lockout'; readonly at: string; readonly scope: string; readonly until: string; readonly roomId?: string }
  | { readonly type: 'alert'; readonly at: string; readonly cause: string; readonly roomId?: string };

export type LiveEventType = LiveEvent['type'];
export type LiveEventListener = (event: LiveEvent) => void;

export class LiveEventBus {
  private readonly listeners = new Set<LiveEventListener>();
  private nextId = 1;
  private listenerErrorCount = 0;

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: LiveEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Delivers an event to every subscriber; a throwing subscriber is removed and counted. */
  publish(event: LiveEvent): number {
    const id = this.nextId++;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        this.listenerErrorCount++;
        this.listeners.delete(listener);
      }
    }
    return id;
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  get listenerErrors(): number {
    return this.listenerErrorCount;
  }
}

/** Formats one event as a Server-Sent Events frame (`event:` is the type, `data:` one JSON line). */
export function formatSseFrame(id: number, event: LiveEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
