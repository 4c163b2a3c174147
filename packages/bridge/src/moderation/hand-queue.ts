/**
 * Raised hands in one room, in the order they were raised. The host's "give floor" key
 * takes the first one.
 */
export class HandQueue<Id extends string = string> {
  private readonly order: Id[] = [];

  /** Raises a hand; returns its 1-based place in line (unchanged when already raised). */
  raise(id: Id): number {
    const index = this.order.indexOf(id);
    if (index >= 0) return index + 1;
    this.order.push(id);
    return this.order.length;
  }

  /** Lowers a hand; true when it was raised. */
  lower(id: Id): boolean {
    const index = this.order.indexOf(id);
    if (index < 0) return false;
    this.order.splice(index, 1);
    return true;
  }

  /** Toggles a hand: the new state and, when raised, the place in line. */
  toggle(id: Id): { readonly isRaised: true; readonly position: number } | { readonly isRaised: false } {
    if (this.lower(id)) return { isRaised: false };
    return { isRaised: true, position: this.raise(id) };
  }

  /** Takes the first raised hand off the queue (the one given the floor). */
  next(): Id | undefined {
    return this.order.shift();
  }

  /** 1-based place in line, or undefined when the hand is down. */
  positionOf(id: Id): number | undefined {
    const index = this.order.indexOf(id);
    return index < 0 ? undefined : index + 1;
  }

  /** The raised hands in order (a copy). */
  list(): Id[] {
    return [...this.order];
  }

  get size(): number {
    return this.order.length;
  }
}
