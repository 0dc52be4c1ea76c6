// RFC 8620 §4 Core/echo.
import { capabilities, type JsonObject, type MethodSpec } from '../api/types.js';

export const echoMethods: readonly MethodSpec[] = [
  {
    name: 'Core/echo',
    capability: capabilities.core,
    run: (args: JsonObject) => Promise.resolve({ ...args }),
  },
];
