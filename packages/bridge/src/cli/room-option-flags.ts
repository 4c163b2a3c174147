/**
 * The moderation room options as `rooms create` / `rooms update` flags (issue 7 "Room
 * behaviour"): each flag sets one stored option, checked by the same parser the running
 * server reads them with (app/room-moderation-options.ts), so a value the server would
 * ignore is refused here with the field and the reason.
 *
 *   --record-names | --no-record-names          recordNames
 *   --auto-lock | --no-auto-lock                autoLock
 *   --auto-record | --no-auto-record            autoRecord
 *   --end-when-host-leaves | --no-end-when-host-leaves   endWhenHostLeaves
 *   --host-grace <duration>                     hostGraceMs (0s … 1h)
 *   --announce <tone|name|none>                 announce
 */
import type { Command } from 'commander';
import { parseDurationMs } from '../app/operator-actions.js';
import { parseRoomModerationOptions } from '../app/room-moderation-options.js';
import { err, ok, type Result } from '../config/index.js';

/** The flags as commander parses them (absent when not given). */
export interface RoomOptionFlags {
  readonly recordNames?: boolean;
  readonly autoLock?: boolean;
  readonly autoRecord?: boolean;
  readonly endWhenHostLeaves?: boolean;
  readonly hostGrace?: string;
  readonly announce?: string;
}

/** Adds the flags to a command. */
export function withRoomOptionFlags(command: Command): Command {
  return command
    .option('--record-names', 'callers say their name at join (entry/exit announcements, roll call)')
    .option('--no-record-names', 'no name recording')
    .option('--auto-lock', 'lock the room when the first host joins')
    .option('--no-auto-lock', 'no automatic lock')
    .option('--auto-record', 'start recording when the first host joins')
    .option('--no-auto-record', 'no automatic recording')
    .option('--end-when-host-leaves', 'end the conference when the last host leaves (after --host-grace)')
    .option('--no-end-when-host-leaves', 'keep the conference going without a host')
    .option('--host-grace <duration>', 'how long a dropped host may take to call back, e.g. 60s (0s-1h)')
    .option('--announce <mode>', 'entry/exit announcements: tone, name or none');
}

/** The room options the flags set, validated; the error names the flag and the reason. */
export function roomOptionsFromFlags(flags: RoomOptionFlags): Result<Record<string, unknown>, string> {
  const options: Record<string, unknown> = {};
  if (flags.recordNames !== undefined) options['recordNames'] = flags.recordNames;
  if (flags.autoLock !== undefined) options['autoLock'] = flags.autoLock;
  if (flags.autoRecord !== undefined) options['autoRecord'] = flags.autoRecord;
  if (flags.endWhenHostLeaves !== undefined) options['endWhenHostLeaves'] = flags.endWhenHostLeaves;
  if (flags.announce !== undefined) options['announce'] = flags.announce;
  if (flags.hostGrace !== undefined) {
    const ms = parseDurationMs(flags.hostGrace);
    if (ms === undefined) return err('--host-grace: must be a duration such as 60s or 2m');
    options['hostGraceMs'] = ms;
  }
  const problem = parseRoomModerationOptions(options).problems[0];
  if (problem !== undefined) return err(`--${FLAG_OF[problem.field] ?? problem.field}: ${problem.message}`);
  if (options['announce'] === 'name' && options['recordNames'] === false) return err('--announce name needs recorded names: drop --no-record-names');
  return ok(options);
}

const FLAG_OF: Readonly<Record<string, string>> = {
  recordNames: 'record-names',
  autoLock: 'auto-lock',
  autoRecord: 'auto-record',
  endWhenHostLeaves: 'end-when-host-leaves',
  hostGraceMs: 'host-grace',
  announce: 'announce',
};
