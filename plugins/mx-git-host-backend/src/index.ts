/**
 * The local git host of MX for Backstage's embedded default.
 *
 * @packageDocumentation
 */
export { mxGitHostPlugin as default, mxGitHostUrlReaderFactory } from './plugin';
export { LocalGitHostUrlReader } from './reader/LocalGitHostUrlReader';
export { RepoStore } from './service/repoStore';
