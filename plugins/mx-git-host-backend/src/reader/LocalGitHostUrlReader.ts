import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlOptions,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchOptions,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  ReadTreeResponseFactory,
  ReaderFactory,
} from '@backstage/backend-defaults/urlReader';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { Readable } from 'node:stream';
import { RepoStore } from '../service/repoStore';
import { minimatch } from 'minimatch';

interface ParsedUrl {
  name: string;
  kind: 'blob' | 'tree';
  ref: string;
  path: string;
}

/**
 * Lets the catalog, the scaffolder (`fetch:*`) and every plugin's UrlReaderService read the local
 * git host's repositories, by URLs of the form
 * `<backend>/api/mx-git-host/repos/<name>/{blob,tree}/<ref>/<path>`.
 */
export class LocalGitHostUrlReader implements UrlReaderService {
  static factory: ReaderFactory = ({ config, treeResponseFactory }) => {
    if (config.getOptionalBoolean('mx.gitHost.enabled') === false) return [];
    const baseUrl = `${config.getString('backend.baseUrl').replace(/\/$/, '')}/api/mx-git-host/repos/`;
    const reader = new LocalGitHostUrlReader(
      RepoStore.fromConfig(config),
      baseUrl,
      treeResponseFactory,
    );
    return [{ reader, predicate: url => url.href.startsWith(baseUrl) }];
  };

  constructor(
    private readonly store: RepoStore,
    private readonly baseUrl: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
  ) {}

  parse(url: string): ParsedUrl {
    const rest = decodeURI(url.split(/[?#]/)[0]).slice(this.baseUrl.length);
    const m = rest.match(/^([a-z0-9-]+)(?:\.git)?\/(blob|tree)\/([^/]+)(?:\/(.*))?$/);
    if (!m) {
      throw new NotFoundError(
        `Not a local git host file or folder URL: ${url} (expected ${this.baseUrl}<repo>/blob|tree/<ref>/<path>)`,
      );
    }
    return {
      name: m[1],
      kind: m[2] as 'blob' | 'tree',
      ref: m[3],
      path: (m[4] ?? '').replace(/\/$/, ''),
    };
  }

  async readUrl(
    url: string,
    options?: UrlReaderServiceReadUrlOptions,
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const { name, ref, path } = this.parse(url);
    const commit = await this.store.resolveCommit(name, ref);
    if (options?.etag && options.etag === commit) throw new NotModifiedError();
    const { data } = await this.store.readFile(name, commit, path);
    return {
      buffer: async () => data,
      stream: () => Readable.from(data),
      etag: commit,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const { name, ref, path } = this.parse(url);
    const commit = await this.store.resolveCommit(name, ref);
    if (options?.etag && options.etag === commit) throw new NotModifiedError();
    return this.treeResponseFactory.fromTarArchive({
      stream: this.store.archive(name, commit),
      subpath: path || undefined,
      etag: commit,
      filter: options?.filter,
      stripFirstDirectory: false,
    });
  }

  async search(
    url: string,
    options?: UrlReaderServiceSearchOptions,
  ): Promise<UrlReaderServiceSearchResponse> {
    const { name, ref, path } = this.parse(url);
    const commit = await this.store.resolveCommit(name, ref);
    if (options?.etag && options.etag === commit) throw new NotModifiedError();
    const { files } = await this.store.listFiles(name, commit);
    const matches = files.filter(f => minimatch(f, path, { dot: true }));
    return {
      etag: commit,
      files: matches.map(f => ({
        url: `${this.baseUrl}${name}/blob/${ref}/${f}`,
        content: async () => (await this.store.readFile(name, commit, f)).data,
      })),
    };
  }

  toString() {
    return `mx-git-host{baseUrl=${this.baseUrl}}`;
  }
}
