import t from 'tap';
import { ConferenceModerator, type ModerationEffect } from './conference-moderator.js';
import { defaultKeyMap, type ParticipantRole } from './key-map.js';
import { MenuCollector } from './menu-collector.js';

// Every key of PRODUCT.md's default map, typed digit by digit in virtual time (300 ms apart,
// inside the ~1 s inter-digit timeout), for a guest and for a host; expected outcomes and
// prompts written from the issue text, not from the code.
const KEYS: ReadonlyArray<{ keys: string; guest: boolean; effect: (actor: string) => ModerationEffect[] }> = [
  { keys: '*6', guest: true, effect: (a) => [{ kind: 'set-mute', participantId: a, isMuted: true }, { kind: 'prompt-caller', participantId: a, prompts: ['muted'] }] },
  { keys: '*9', guest: true, effect: (a) => [{ kind: 'prompt-caller', participantId: a, prompts: ['hand-raised', 'in-line-first'] }] },
  { keys: '*0', guest: true, effect: (a) => [{ kind: 'prompt-caller', participantId: a, prompts: [a === 'host' ? 'help-host' : 'help-guest'] }] },
  { keys: '*7', guest: false, effect: () => [{ kind: 'announce-room', prompts: ['locked'] }] },
  {
    keys: '*8',
    guest: false,
    effect: (a) => [{ kind: 'roll-call', participantId: a, names: [{ participantId: 'host', hasRecordedName: false }, { participantId: 'guest', hasRecordedName: true }] }],
  },
  {
    keys: '##',
    guest: false,
    effect: () => [
      { kind: 'disconnect', participantId: 'host', reason: 'ended', prompts: ['host-ended'] },
      { kind: 'disconnect', participantId: 'guest', reason: 'ended', prompts: ['host-ended'] },
    ],
  },
  { keys: '*5', guest: false, effect: () => [{ kind: 'set-mute', participantId: 'guest', isMuted: true }, { kind: 'announce-room', prompts: ['all-muted'] }] },
  {
    keys: '*3',
    guest: false,
    effect: () => [{ kind: 'ban', participantId: 'guest' }, { kind: 'disconnect', participantId: 'guest', reason: 'removed', prompts: ['removed'] }],
  },
  { keys: '*2', guest: false, effect: () => [{ kind: 'recording', isRecording: true }, { kind: 'announce-room', prompts: ['recording-started'] }] },
  { keys: '*1', guest: false, effect: (a) => [{ kind: 'error-tone', participantId: a }] },
  { keys: '*4', guest: false, effect: () => [{ kind: 'set-mute', participantId: 'guest', isMuted: true }, { kind: 'announce-room', prompts: ['lecture-mode'] }] },
];

function type(tt: { same(a: unknown, b: unknown, m: string): void; ok(v: unknown, m: string): void }, menu: MenuCollector, keys: string, startMs: number) {
  let outcome = menu.push(keys[0] ?? '', startMs);
  for (let i = 1; i < keys.length; i++) {
    tt.same(outcome, { kind: 'pending' }, 'the sequence is still collecting');
    tt.ok(menu.isCollecting, 'the caller is kept out of the mix meanwhile');
    outcome = menu.push(keys[i] ?? '', startMs + 300 * i);
  }
  return outcome;
}

function room(): ConferenceModerator {
  const m = new ConferenceModerator();
  m.join({ id: 'host', role: 'host' });
  m.join({ id: 'guest', role: 'guest', hasRecordedName: true });
  return m;
}

t.test('the key map covers every action exactly once', async (t) => {
  t.same([...defaultKeyMap().keys()].sort(), KEYS.map((k) => k.keys).sort());
});

for (const role of ['host', 'guest'] as const satisfies readonly ParticipantRole[]) {
  t.test(`every key for a ${role}`, async (t) => {
    for (const key of KEYS) {
      const menu = new MenuCollector({ keyMap: defaultKeyMap(), role });
      const outcome = type(t, menu, key.keys, 10_000);
      const allowed = role === 'host' || key.guest;
      if (!allowed) {
        t.equal(outcome.kind, 'forbidden', `${key.keys} is refused to a guest`);
        continue;
      }
      t.equal(outcome.kind, 'action', `${key.keys} works for a ${role}`);
      if (outcome.kind !== 'action') continue;
      t.same(room().handle(role, outcome.action), key.effect(role), `${key.keys} effects and prompts for a ${role}`);
    }
  });
}

t.test('a pause longer than the inter-digit timeout loses the sequence', async (t) => {
  const menu = new MenuCollector({ keyMap: defaultKeyMap(), role: 'host' });
  menu.push('*', 0);
  t.same(menu.poll(1000), { kind: 'no-match' }, 'the not-available tone is due');
  t.same(menu.push('7', 1100), { kind: 'no-match' }, 'a lone 7 means nothing');
});
