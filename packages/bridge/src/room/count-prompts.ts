/**
 * What a joiner hears about who is already there (PRODUCT.md "Counts"): "you are the first
 * participant", "there is one other participant", or "there are N other participants"
 * with N read digit by digit from the shipped digit prompts.
 */

/** Prompt name of one spoken digit (the shipped prompt set names them `0` … `9`). */
export type DigitPromptName = (digit: string) => string;

/** Default digit prompt naming. */
export const digitPrompt: DigitPromptName = (digit) => digit;

/** The prompt names announcing `others` participants already present. */
export function countPrompts(others: number, digitName: DigitPromptName = digitPrompt): string[] {
  if (others <= 0) return ['first-participant'];
  if (others === 1) return ['one-other'];
  return ['there-are', ...String(others).split('').map(digitName), 'other-participants'];
}
