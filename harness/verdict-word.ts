/** How a verdict is printed in every command's human output: valid, INVALID (loud), unknown. */
import type { Validity } from './interfaces.js';

export function verdictWord(verdict: Validity): string {
  return verdict === true ? 'valid' : verdict === false ? 'INVALID' : 'unknown';
}
