/**
 * Turns a room's moderation effects into the live events the admin API streams, so the app
 * publishes exactly what the keypad or the API changed: mute, lock, recording, mode, hands,
 * floor and the end of a conference. Joins, leaves, talking, lockouts and alerts come from
 * the call path and the policy, not from moderation.
 */
import type { ModerationEffect } from '../moderation/index.js';
import type { LiveEvent } from './live-event-bus.js';

/** The live events of one batch of effects of room `roomId`, stamped `at` (ISO 8601). */
export function moderationEvents(roomId: string, effects: readonly ModerationEffect[], at: string): LiveEvent[] {
  const events: LiveEvent[] = [];
  let ended = false;
  for (const effect of effects) {
    switch (effect.kind) {
      case 'set-mute':
        events.push({ type: 'mute', at, roomId, callId: effect.participantId, isMuted: effect.isMuted });
        break;
      case 'recording':
        events.push({ type: 'recording', at, roomId, isRecording: effect.isRecording });
        break;
      case 'announce-room':
        for (const prompt of effect.prompts) {
          if (prompt === 'locked' || prompt === 'unlocked') events.push({ type: 'lock', at, roomId, isLocked: prompt === 'locked' });
          if (prompt === 'lecture-mode' || prompt === 'open-mode') events.push({ type: 'mode', at, roomId, mode: prompt === 'lecture-mode' ? 'lecture' : 'open' });
        }
        break;
      case 'prompt-caller': {
        const callId = effect.participantId;
        if (effect.prompts.includes('hand-raised')) events.push({ type: 'hand', at, roomId, callId, isRaised: true });
        if (effect.prompts.includes('hand-lowered')) events.push({ type: 'hand', at, roomId, callId, isRaised: false });
        if (effect.prompts.includes('you-have-the-floor')) events.push({ type: 'floor', at, roomId, callId });
        break;
      }
      case 'disconnect':
        if (effect.reason === 'ended' && !ended) {
          ended = true;
          events.push({ type: 'ended', at, roomId, reason: 'host-ended' });
        }
        break;
      case 'ban':
      case 'roll-call':
      case 'error-tone':
        break;
      default: {
        const unknown: never = effect;
        throw new Error(`unknown moderation effect ${String(unknown)}`);
      }
    }
  }
  return events;
}
