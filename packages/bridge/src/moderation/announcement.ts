/**
 * What the room plays when someone joins or leaves (issue 7 "Entry/exit"): a tone, the
 * recorded name followed by "has joined"/"has left", or nothing, per room option. A room set
 * to `name` falls back to the tone for a caller who recorded no name (silence, or name
 * recording off), so a join is never unannounced by accident.
 */

/** The per-room option. */
export type AnnouncementMode = 'tone' | 'name' | 'none';

/** Entry or exit. */
export type AnnouncementEvent = 'entry' | 'exit';

/** What to play to the room (the joiner or leaver does not hear it). */
export type Announcement =
  | { readonly kind: 'tone'; readonly tone: 'entry' | 'exit' }
  /** Play `participantId`'s recorded name, then the prompt. */
  | { readonly kind: 'name'; readonly participantId: string; readonly prompt: 'has-joined' | 'has-left' }
  | { readonly kind: 'none' };

/** Chooses the announcement for one join or leave. */
export function chooseAnnouncement(
  mode: AnnouncementMode,
  event: AnnouncementEvent,
  participant: { readonly id: string; readonly hasRecordedName: boolean },
): Announcement {
  const tone: Announcement = { kind: 'tone', tone: event === 'entry' ? 'entry' : 'exit' };
  switch (mode) {
    case 'none':
      return { kind: 'none' };
    case 'tone':
      return tone;
    case 'name':
      return participant.hasRecordedName ? { kind: 'name', participantId: participant.id, prompt: event === 'entry' ? 'has-joined' : 'has-left' } : tone;
    default: {
      const unknown: never = mode;
      throw new Error(`unknown announcement mode ${String(unknown)}`);
    }
  }
}
