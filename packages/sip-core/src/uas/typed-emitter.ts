/** Event map: event name → listener argument tuple. */
export type EventMap = Record<string, readonly unknown[]>;

/**
 * A small typed event emitter: one listener list per event, listeners
 * called in order; a throwing listener is caught and handed to
 * `onListenerError` so one bad handler cannot break the SIP machinery.
 */
export class TypedEmitter<M extends EventMap> {
  private readonly listeners = new Map<keyof M, Array<(...args: M[keyof M]) => void>>();

  /** @param onListenerError - receives what a listener threw */
  constructor(private readonly onListenerError: (error: unknown, event: string) => void) {}

  /** Adds a listener. */
  on<K extends keyof M>(event: K, listener: (...args: M[K]) => void): this {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (...args: M[keyof M]) => void);
    this.listeners.set(event, list);
    return this;
  }

  /** Adds a listener removed after its first call. */
  once<K extends keyof M>(event: K, listener: (...args: M[K]) => void): this {
    const wrapped = (...args: M[K]): void => {
      this.off(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  /** Removes a listener. */
  off<K extends keyof M>(event: K, listener: (...args: M[K]) => void): this {
    const list = this.listeners.get(event);
    if (list !== undefined) {
      const i = list.indexOf(listener as (...args: M[keyof M]) => void);
      if (i >= 0) list.splice(i, 1);
    }
    return this;
  }

  /** Number of listeners of an event. */
  listenerCount(event: keyof M): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** Calls the listeners; returns whether there was any. */
  emit<K extends keyof M>(event: K, ...args: M[K]): boolean {
    const list = this.listeners.get(event);
    if (list === undefined || list.length === 0) return false;
    for (const listener of [...list]) {
      try {
        (listener as (...a: M[K]) => void)(...args);
      } catch (error) {
        this.onListenerError(error, String(event));
      }
    }
    return true;
  }
}
