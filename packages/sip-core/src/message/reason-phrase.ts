/** Default reason phrase for a status code (RFC 3261 §21). */
export function reasonPhrase(status: number): string {
  void status;
  // TODO (#2): implementation lands in the next commit.
  return '';
}
