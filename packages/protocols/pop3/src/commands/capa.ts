// RFC 2449 §5 CAPA: the capability list, in either state.
import { capabilityList } from '../session/capabilities.js';
import { ok } from '../session/session-api.js';
import { anyState, defineCommand, noArguments } from './command-spec.js';

export const capaCommand = defineCommand({
  verb: 'CAPA',
  states: anyState,
  parse: noArguments('CAPA'),
  run(session) {
    const lines = capabilityList({ state: session.state, isTls: session.isTls, settings: session.settings });
    return Promise.resolve(ok('Capability list follows', { lines }));
  },
});
