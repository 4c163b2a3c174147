/**
 * Creates the benchmark's rooms in the data folder before `serve` starts, through the same
 * store code `pinbridge rooms create --id --pin --host-pin --no-wait-for-host --max` runs
 * (one CLI process per room would take minutes for 150 rooms). Every room gets the same
 * known PIN so one recorded caller stream fits every call; no host is needed.
 */
import { createRoomWithPins, loadConfig, loadServerKey, provisioningSettings, RoomStore } from '@pinbridge/bridge';

/** The participant PIN every load caller enters (passes the SECURITY.md rules). */
export const LOAD_PIN = '40718265';
const LOAD_HOST_PIN = '5193842607';

/** Room IDs for `participants` callers in rooms of `size`. */
export function roomIds(participants: number, size: number): string[] {
  const count = Math.ceil(participants / size);
  return Array.from({ length: count }, (_, i) => `5${String(i + 1).padStart(8, '0')}`);
}

/** Creates the rooms (wait-for-host off, room limit = size). */
export function provisionRooms(dataDir: string, ids: readonly string[], size: number): void {
  const loaded = loadConfig({ text: '', cwd: dataDir, overrides: { dataDir } });
  if (!loaded.ok) throw loaded.error;
  const key = loadServerKey({ dataDir });
  if (!key.ok) throw key.error;
  const opened = RoomStore.open({ dataDir, key: key.value });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  try {
    const settings = provisioningSettings(loaded.value.ivr);
    for (const id of ids) {
      const created = createRoomWithPins(
        store,
        { id, pin: LOAD_PIN, hostPin: LOAD_HOST_PIN, source: 'cli', options: { waitForHost: false, maxParticipants: Math.max(2, size) } },
        settings,
      );
      if (!created.ok) throw created.error;
    }
  } finally {
    store.close();
  }
}
