export { LiveEventBus, formatSseFrame } from './live-event-bus.js';
export type { LiveEvent, LiveEventListener, LiveEventType } from './live-event-bus.js';
export { moderationEvents } from './moderation-events.js';
