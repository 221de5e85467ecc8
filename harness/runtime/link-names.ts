/**
 * Names of link ends in NetworkFaults: node names, plus this one for the harness's clients
 * (every runtime uses it: addressOf('client', node), blocked['client'] = [...]).
 */
export const clientLinkName = 'client';
