/**
 * Loads the IVR prompts (PRODUCT.md "IVR and prompts"): the set shipped in
 * `packages/bridge/prompts/<language>/` (espeak-ng, 16 kHz; see prompts.txt and
 * make-prompts.sh there), or an operator's replacement folder (`promptsDir` in the config),
 * either with per-language subfolders or flat. Every name in {@link PROMPT_NAMES} must be
 * present; the error names the missing file. Resampling to each codec's rate happens in the
 * media layer.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BridgeError, err, ok, type Result } from '../config/bridge-error.js';
import { parseWav, type PromptAudio } from './parse-wav.js';

/** Every prompt the IVR, the rooms and moderation may play. File name: `<name>.wav`. */
export const PROMPT_NAMES = [
  'welcome',
  'enter-conference-id',
  'enter-pin',
  'enter-host-pin',
  'invalid',
  'try-again',
  'goodbye',
  'wait-for-host',
  'first-participant',
  'there-are',
  'other-participants',
  'one-other',
  'conference-full',
  'conference-locked',
  'not-active',
  'host-ended',
  'joining',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  'muted',
  'unmuted',
  'locked',
  'unlocked',
  'all-muted',
  'all-unmuted',
  'hand-raised',
  'hand-lowered',
  'you-have-the-floor',
  'recording-started',
  'recording-stopped',
  'lecture-mode',
  'open-mode',
  'not-available',
  'help-guest',
  'help-host',
  'say-your-name',
  'has-joined',
  'has-left',
  'removed',
  'roll-call',
  'in-line-first',
  'in-line-second',
  'in-line-third',
  'in-line-fourth',
  'in-line-fifth',
  'in-line',
  'too-many-attempts',
] as const;

/** A prompt's name. */
export type PromptName = (typeof PROMPT_NAMES)[number];

/** All prompts of one language, decoded. */
export type PromptSet = ReadonlyMap<PromptName, PromptAudio>;

/** Why a prompt folder was refused. */
export type PromptErrorCode = 'missing-folder' | 'missing-prompt' | 'bad-wav';

/** A prompt folder problem; `path` names the folder or file. */
export class PromptError extends BridgeError<PromptErrorCode> {
  override readonly name = 'PromptError';
  constructor(
    code: PromptErrorCode,
    readonly path: string,
    detail: string,
  ) {
    super(code, `prompts: ${path}: ${detail}`);
  }
}

/** The folder of prompts shipped with the package (`packages/bridge/prompts`). */
export const SHIPPED_PROMPTS_DIR = fileURLToPath(new URL('../../prompts', import.meta.url));

/**
 * Reads every prompt of `language` from `dir` (the shipped folder by default): from
 * `<dir>/<language>/` when that folder exists, else from `<dir>` itself.
 */
export function loadPrompts(dir: string = SHIPPED_PROMPTS_DIR, language = 'en'): Result<PromptSet, PromptError> {
  const languageDir = join(dir, language);
  const folder = isDirectory(languageDir) ? languageDir : dir;
  if (!isDirectory(folder)) return err(new PromptError('missing-folder', dir, 'no such folder'));
  const prompts = new Map<PromptName, PromptAudio>();
  for (const name of PROMPT_NAMES) {
    const file = join(folder, `${name}.wav`);
    if (!existsSync(file)) return err(new PromptError('missing-prompt', file, `required prompt "${name}" is missing`));
    const parsed = parseWav(readFileSync(file));
    if (!parsed.ok) return err(new PromptError('bad-wav', file, parsed.error));
    if (parsed.value.pcm.length === 0) return err(new PromptError('bad-wav', file, 'no samples'));
    prompts.set(name, parsed.value);
  }
  return ok(prompts);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
