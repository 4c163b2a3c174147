export { PROMPT_NAMES, PromptError, SHIPPED_PROMPTS_DIR, loadPrompts } from './load-prompts.js';
export type { PromptErrorCode, PromptName, PromptSet } from './load-prompts.js';
export { parseWav } from './parse-wav.js';
export type { PromptAudio } from './parse-wav.js';
