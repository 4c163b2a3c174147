import type { Uri } from './types.js';

/** Formats a URI in canonical form. */
export function formatUri(uri: Uri): string {
  void uri;
  // TODO (#2): implementation lands in the next commit.
  return '';
}
