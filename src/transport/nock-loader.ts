// nock patches node:http as soon as it is loaded; only replay and recording load it, and close() restores
// http, so a live run (and every other test file in the same jest process) never sees nock's patches.
import type nockType from 'nock';

export function loadNock(): typeof nockType {
  return require('nock') as typeof nockType;
}
