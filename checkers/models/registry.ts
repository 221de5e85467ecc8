/** Models by name, for the CLI (--model, --init) and the run loop. */
import { UsageError } from '../../harness/exit-codes.js';
import { casRegisterModel, registerModel } from './cas-register.js';
import { kvModel } from './kv.js';
import type { Model } from './model.js';
import { multiRegisterModel } from './multi-register.js';
import { mutexModel } from './mutex.js';

export type ModelName = 'register' | 'cas-register' | 'kv' | 'mutex' | 'multi-register';
export const modelNames: readonly ModelName[] = ['register', 'cas-register', 'kv', 'mutex', 'multi-register'];

export function isModelName(name: string): name is ModelName {
  return (modelNames as readonly string[]).includes(name);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The model called `name`, starting from `init` (parsed --init JSON; undefined = the default:
 * empty register, free mutex, kv keys "", multi-register keys nil). Throws UsageError on a bad init.
 */
export function makeModel(name: ModelName, init?: unknown): Model<any> {
  switch (name) {
    case 'register':
    case 'cas-register':
      if (init !== undefined && !isScalar(init)) throw new UsageError(`--init for ${name} must be a JSON scalar (the register's value), got ${JSON.stringify(init)}`);
      return name === 'register' ? registerModel(init ?? null) : casRegisterModel(init ?? null);
    case 'kv':
      if (init === undefined) return kvModel();
      if (!isPlainObject(init) || Object.values(init).some((value) => typeof value !== 'string')) {
        throw new UsageError(`--init for kv must be a JSON object of string values, e.g. {"k":"x"}, got ${JSON.stringify(init)}`);
      }
      return kvModel(init as Record<string, string>);
    case 'mutex':
      if (init !== undefined && typeof init !== 'boolean') throw new UsageError(`--init for mutex must be true (held) or false (free), got ${JSON.stringify(init)}`);
      return mutexModel(init ?? false);
    case 'multi-register':
      if (init === undefined) return multiRegisterModel();
      if (!isPlainObject(init)) throw new UsageError(`--init for multi-register must be a JSON object {key: value}, got ${JSON.stringify(init)}`);
      return multiRegisterModel(init);
    default:
      throw new UsageError(`unknown model ${JSON.stringify(name)}; one of ${modelNames.join(', ')}`);
  }
}
