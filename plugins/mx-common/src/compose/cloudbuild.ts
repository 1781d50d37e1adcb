import yaml from 'yaml';
import { ProjectValues } from '../state/schema';
import { deriveNames } from './names';
import { ComposeState } from './types';

/** The file name of the Cloud Build config at the repository root. */
export const CLOUDBUILD_FILE = 'cloudbuild.yaml';

export const CLOUDBUILD_STEP_KINDS = [
  'image',
  'test',
  'lint',
  'docs',
  'package',
] as const;
export type CloudbuildStepKind = (typeof CLOUDBUILD_STEP_KINDS)[number];

/** Managed steps carry ids starting with this prefix; any other step belongs to the user. */
export const MANAGED_PREFIX = 'mx-';

const PYTHON = 'python:3.11-slim';
const CLOUD_SDK = 'gcr.io/google.com/cloudsdktool/cloud-sdk:slim';

export type CloudbuildStep = Record<string, unknown> & { id?: string };

export interface ProjectRegistry {
  /** `<region>-docker.pkg.dev/<gcpProjectId>/<name>/<name>` */
  image: string;
  /** `https://<region>-python.pkg.dev/<gcpProjectId>/<name>-python/` */
  pythonRepository: string;
  /** `gs://<docsBucket>/<name>` */
  docsDestination: string;
}

export function projectRegistry(
  project: Pick<ProjectValues, 'name' | 'gcpProjectId' | 'region'>,
  docsBucket: string,
): ProjectRegistry {
  const { name, gcpProjectId, region } = project;
  return {
    image: `${region}-docker.pkg.dev/${gcpProjectId}/${name}/${name}`,
    pythonRepository: `https://${region}-python.pkg.dev/${gcpProjectId}/${name}-python/`,
    docsDestination: `gs://${docsBucket}/${name}`,
  };
}

/** The managed steps for the enabled kinds, in build order. */
export function managedSteps(
  enabled: ReadonlySet<CloudbuildStepKind>,
  registry: ProjectRegistry,
): CloudbuildStep[] {
  const steps: CloudbuildStep[] = [];
  // $BUILD_ID is set on every build; $COMMIT_SHA / $SHORT_SHA are empty on a build started by hand
  // (`gcloud builds submit`), which would leave the tag empty ('image:').
  const tagged = `${registry.image}:$BUILD_ID`;
  if (enabled.has('image')) {
    steps.push({
      id: 'mx-image-build',
      name: 'gcr.io/cloud-builders/docker',
      args: ['build', '-t', tagged, '-t', `${registry.image}:latest`, '.'],
    });
  }
  if (enabled.has('test')) {
    steps.push(
      enabled.has('image')
        ? {
            id: 'mx-test',
            name: tagged,
            entrypoint: 'python',
            args: ['-m', 'pytest', '-q'],
          }
        : {
            id: 'mx-test',
            name: PYTHON,
            entrypoint: 'bash',
            args: [
              '-c',
              'pip install -q -r requirements.txt pytest && python -m pytest -q',
            ],
          },
    );
  }
  if (enabled.has('lint')) {
    steps.push({
      id: 'mx-lint',
      name: PYTHON,
      entrypoint: 'bash',
      args: ['-c', 'pip install -q ruff && ruff check .'],
    });
  }
  if (enabled.has('image')) {
    steps.push({
      id: 'mx-image-push',
      name: 'gcr.io/cloud-builders/docker',
      args: ['push', '--all-tags', registry.image],
    });
  }
  if (enabled.has('docs')) {
    steps.push(
      {
        id: 'mx-docs-build',
        name: PYTHON,
        entrypoint: 'bash',
        args: [
          '-c',
          'pip install -q -r docs/requirements.txt && sphinx-build -b html docs docs/_build/html',
        ],
      },
      {
        id: 'mx-docs-publish',
        name: CLOUD_SDK,
        entrypoint: 'gcloud',
        args: [
          'storage',
          'rsync',
          '--recursive',
          '--delete-unmatched-destination-objects',
          'docs/_build/html',
          registry.docsDestination,
        ],
      },
    );
  }
  if (enabled.has('package')) {
    steps.push(
      {
        id: 'mx-package-build',
        name: PYTHON,
        entrypoint: 'bash',
        // Artifact Registry refuses to upload a version twice: every build publishes its own
        // development release of the pyproject version, <version>.dev<UTC build time> (PEP 440).
        // `$$` is a literal `$` for Cloud Build's substitutions.
        args: [
          '-c',
          `pip install -q build && sed -i -E 's/^version = "([^"]+)"$$/version = "\\1.dev'"$$(date -u +%Y%m%d%H%M%S)"'"/' pyproject.toml && python -m build`,
        ],
      },
      {
        id: 'mx-package-publish',
        name: PYTHON,
        entrypoint: 'bash',
        args: [
          '-c',
          `pip install -q twine keyrings.google-artifactregistry-auth && python -m twine upload --repository-url ${registry.pythonRepository} dist/*`,
        ],
      },
    );
  }
  return steps;
}

/**
 * The step kinds a project builds: the ones its cloudbuild answers chose, plus the docs build
 * and publish once the Sphinx docs generator is applied. Empty without Cloud Build CI.
 */
export function cloudbuildStepKinds(
  state: ComposeState,
): Set<CloudbuildStepKind> {
  const applied = state.generators ?? {};
  const chosen = applied.cloudbuild?.values?.steps;
  if (!applied.cloudbuild) return new Set();
  const kinds = new Set<CloudbuildStepKind>(
    (Array.isArray(chosen) ? chosen : []).filter((k): k is CloudbuildStepKind =>
      (CLOUDBUILD_STEP_KINDS as readonly unknown[]).includes(k),
    ),
  );
  if ('sphinx-docs' in applied) kinds.add('docs');
  return kinds;
}

const HEADER = `# Cloud Build config of this project. Steps whose id starts with "mx-" are managed by MX for
# Backstage (the cloudbuild generator) and are regenerated; add your own steps with other ids:
# your edits are kept (three-way merged) when a generator re-renders this file.
`;

/**
 * The project's cloudbuild.yaml, or undefined while Cloud Build CI is not applied. Composed from
 * the state only: a user's own steps and edits are kept by the three-way merge of managed files.
 */
export function composeCloudbuild(state: ComposeState): string | undefined {
  if (!state.generators?.cloudbuild) return undefined;
  const registry = projectRegistry(
    state.project,
    deriveNames(state.project).docsBucket,
  );
  const doc = {
    steps: managedSteps(cloudbuildStepKinds(state), registry),
    options: { logging: 'CLOUD_LOGGING_ONLY' },
    timeout: '1800s',
  };
  return `${HEADER}${yaml.stringify(doc, { lineWidth: 0 })}`;
}

/** Cloud Build trigger names: 1-64 letters, digits and hyphens, alphanumeric first and last. */
export function cloudbuildTriggerName(projectName: string, branch: string) {
  return `${projectName}-${branch.replace(/[^A-Za-z0-9-]/g, '-')}`
    .slice(0, 64)
    .replace(/-+$/, '');
}

/** `^<branch>$` with the branch's regular-expression characters escaped. */
export function branchPattern(branch: string): string {
  return `^${branch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
}

/** The Terraform of a GitHub-push Cloud Build trigger; formatted as `terraform fmt` would. */
export function composeCloudbuildTrigger(options: {
  project: Pick<ProjectValues, 'name' | 'gcpProjectId'>;
  owner: string;
  repo: string;
  branch: string;
  triggerName: string;
}): string {
  const { project, owner, repo, branch, triggerName } = options;
  const q = (s: string) =>
    JSON.stringify(s).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  const resource = `mx_${project.name.replace(/-/g, '_')}`;
  return `# Managed by MX for Backstage (mx:cloudbuild:enable): the Cloud Build trigger of ${
    project.name
  }.
resource "google_cloudbuild_trigger" "${resource}" {
  project     = ${q(project.gcpProjectId)}
  location    = "global"
  name        = ${q(triggerName)}
  description = ${q(`Builds ${project.name} on every push to ${branch}`)}
  filename    = "cloudbuild.yaml"

  github {
    owner = ${q(owner)}
    name  = ${q(repo)}

    push {
      branch = ${q(branchPattern(branch))}
    }
  }
}
`;
}
