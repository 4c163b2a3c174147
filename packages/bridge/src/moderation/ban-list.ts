/**
 * "That caller cannot rejoin this meeting" (issue 7, host `*3` and the API's kick with ban):
 * caller identities removed from one meeting. It lives as long as the meeting (the room's
 * moderator), so a ban ends with the meeting; lasting blocks are the store's block list.
 *
 * The identity is what the routing layer identified the caller by (the normalized caller
 * number, or the SIP user@host for a URI caller). An anonymous caller has no identity: the
 * room cannot refuse its next call, and the removal is still carried out.
 */

/** See the file comment. */
export class BanList {
  private readonly banned = new Set<string>();

  /** Bans an identity; an empty one (anonymous) cannot be banned and returns false. */
  ban(callerKey: string | undefined): boolean {
    const key = normalize(callerKey);
    if (key === undefined) return false;
    this.banned.add(key);
    return true;
  }

  /** True when this identity was removed from this meeting with a ban. */
  isBanned(callerKey: string | undefined): boolean {
    const key = normalize(callerKey);
    return key !== undefined && this.banned.has(key);
  }

  get size(): number {
    return this.banned.size;
  }
}

/** Case and surrounding space never make a banned caller new again. */
function normalize(callerKey: string | undefined): string | undefined {
  const key = callerKey?.trim().toLowerCase();
  return key === undefined || key === '' || key === 'anonymous' ? undefined : key;
}
