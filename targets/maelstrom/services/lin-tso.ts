/** `lin-tso`: a linearizable timestamp oracle; `ts` answers 0, 1, 2, ... one per request. */
import { errorCodes } from '../errors.js';
import { errorBody, type ServiceFactory } from './service.js';

export const linTso: ServiceFactory = () => {
  let next = 0;
  return {
    name: 'lin-tso',
    handle(_src, body) {
      if (body.type !== 'ts') return errorBody(errorCodes.notSupported, `lin-tso only answers ts, not ${JSON.stringify(body.type)}`);
      return { type: 'ts_ok', ts: next++ };
    },
  };
};
