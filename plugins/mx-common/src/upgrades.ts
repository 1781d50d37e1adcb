/**
 * The catalog-wide upgrades view: which projects recorded an older version of a generator than
 * the catalog's template, and the result of upgrading a chosen set (one scaffolder task, so one
 * commit or pull request, per project). Shared by mx-project-backend (`/upgrades` routes) and the
 * page.
 */
import type { GeneratorInfo } from './generators';
import {
  changesSince,
  isUpgradeAvailable,
  recordedAnswers,
} from './generators';

/** A project that recorded an older version of a generator than the catalog's template. */
export type OutdatedProject = {
  /** e.g. `component:default/fraud-detection` */
  entityRef: string;
  title: string;
  recordedVersion: string;
  /** changelog entries after the recorded version, newest first */
  changes: Array<{ version: string; text: string }>;
};

/** One generator with the projects it would upgrade. */
export type GeneratorUpgrades = {
  generator: GeneratorInfo;
  projects: OutdatedProject[];
};

/** `GET /api/mx-project/upgrades` */
export type UpgradesResponse = {
  generators: GeneratorUpgrades[];
  /** ML projects whose state could not be read (they cannot be checked) */
  unreadable: Array<{ entityRef: string; message: string }>;
};

/** `POST /api/mx-project/upgrades` body */
export type StartUpgradesRequest = { generator: string; projects: string[] };

/** `POST /api/mx-project/upgrades` answer (202): one scaffolder task per project started. */
export type StartUpgradesResponse = {
  generator: string;
  templateRef: string;
  tasks: Array<{ entityRef: string; taskId: string }>;
  /** projects not started, with why (not outdated, not readable...) */
  refused: Array<{ entityRef: string; reason: string }>;
};

/**
 * The outcome of one project's upgrade task:
 * - `running`: the task has not finished;
 * - `upgraded`: one commit (local git host) or pull request (GitHub) was made;
 * - `unchanged`: the task finished with nothing to commit;
 * - `failed` / `cancelled`: nothing was pushed (the push is a generator's last step), the
 *   repository is as it was.
 */
export type UpgradeStatus =
  | 'running'
  | 'upgraded'
  | 'unchanged'
  | 'failed'
  | 'cancelled';

export type UpgradeResult = {
  taskId: string;
  entityRef?: string;
  status: UpgradeStatus;
  commitHash?: string;
  pullRequestUrl?: string;
  /** managed files whose edits conflict with the new render: left as the user had them */
  conflicts: string[];
  /** why a failed task failed */
  error?: string;
};

/** `GET /api/mx-project/upgrades/tasks?ids=…` */
export type UpgradeResultsResponse = { results: UpgradeResult[] };

/** The projects of `states` that recorded an older version of `generator` than its template's. */
export function outdatedProjects(
  generator: GeneratorInfo,
  projects: Array<{
    entityRef: string;
    title: string;
    state: { generators: Record<string, { version: string }> };
  }>,
): OutdatedProject[] {
  return projects
    .filter(p => {
      const record = p.state.generators[generator.id];
      return record && isUpgradeAvailable(generator.version, record.version);
    })
    .map(p => {
      const recordedVersion = p.state.generators[generator.id].version;
      return {
        entityRef: p.entityRef,
        title: p.title,
        recordedVersion,
        changes: changesSince(generator, recordedVersion),
      };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}

/**
 * What an upgrade run of `generator` sends for a project: its recorded answers (the generator's
 * own values plus the project answers it asks for) and the project, as the page's Re-run does.
 */
export function upgradeValues(
  state: {
    project?: Record<string, unknown>;
    generators?: Record<string, { values?: Record<string, unknown> }>;
  },
  generator: Pick<GeneratorInfo, 'id' | 'projectAnswers'>,
  entityRef: string,
): Record<string, unknown> {
  return {
    ...(recordedAnswers(state, generator.id, generator.projectAnswers) ?? {}),
    project: entityRef,
  };
}
