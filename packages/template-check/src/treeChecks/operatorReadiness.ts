import type { TreeCheck } from './types';
import { resultRow } from './treeFiles';
import {
  DevspaceDeployment,
  PipelineEvent,
  boolFlag,
  readDevspace,
  replayDeployPipeline,
  stringFlag,
} from './k8s/devspace';
import { ClusterContract, KNOWN_HELM_CHARTS, helmChartKey } from './k8s/known';
import { kubectlManifests } from './k8s/manifests';

const NAME = 'operator readiness';

interface Contract {
  provides: Set<string>;
  uses: Set<string>;
  problems: string[];
}

function fromKnown(c: ClusterContract, into: Contract) {
  for (const g of [...(c.crdGroups ?? []), ...(c.webhooks ?? [])])
    into.provides.add(g);
  for (const g of c.uses ?? []) into.uses.add(g);
}

const groupOf = (apiVersion: unknown) =>
  typeof apiVersion === 'string' && apiVersion.includes('/')
    ? apiVersion.split('/')[0]
    : undefined;

/** What a deployment installs that others need (CRDs, webhooks) and what it needs itself. */
function contract(
  tree: Parameters<TreeCheck['run']>[0],
  d: DevspaceDeployment,
): Contract {
  const c: Contract = { provides: new Set(), uses: new Set(), problems: [] };
  if (d.helm) {
    const key = helmChartKey(d.helm.chart ?? {});
    const known = KNOWN_HELM_CHARTS[key];
    if (known) fromKnown(known, c);
    else
      c.problems.push(
        `deployment ${d.name} installs the Helm chart ${key}, which the kit does not know: say in KNOWN_HELM_CHARTS (packages/template-check/src/treeChecks/k8s/known.ts) which CRDs and admission webhooks it installs`,
      );
  }
  if (d.kubectl) {
    const set = kubectlManifests(tree, d);
    for (const r of set.remote) if (r.known) fromKnown(r.known, c);
    const local = new Set<string>();
    for (const { obj } of set.local) {
      if (obj.kind === 'CustomResourceDefinition' && obj.spec?.group) {
        local.add(obj.spec.group);
      } else if (/^(Validating|Mutating)WebhookConfiguration$/.test(obj.kind)) {
        for (const w of obj.webhooks ?? [])
          for (const r of w.rules ?? [])
            for (const g of r.apiGroups ?? []) if (g && g !== '*') local.add(g);
      } else {
        const g = groupOf(obj.apiVersion);
        if (g) c.uses.add(g);
      }
    }
    for (const g of local) {
      if (c.uses.has(g))
        c.problems.push(
          `deployment ${d.name} applies the CRDs or webhooks of ${g} together with resources of that group: kubectl cannot use them before they are established and serving; move the resources to a deployment created after it`,
        );
      c.provides.add(g);
    }
  }
  return c;
}

/** Helm waits for the release's resources (Deployments ready, CRDs established) with --wait. */
function helmWaits(d: DevspaceDeployment): boolean {
  const args = d.helm?.upgradeArgs ?? [];
  const wait = stringFlag(args, '--wait');
  return (
    boolFlag(args, '--wait') === true &&
    !['false', 'hookOnly'].includes(wait ?? '')
  );
}

/** A `kubectl wait` / `kubectl rollout status` in the deployment's namespace. */
function waitsFor(e: PipelineEvent, d: DevspaceDeployment): boolean {
  if (e.kind !== 'kubectl') return false;
  const waits =
    e.args.includes('wait') ||
    (e.args.includes('rollout') && e.args.includes('status'));
  const ns = stringFlag(e.args, '-n', '--namespace');
  return waits && (!d.namespace || ns === d.namespace);
}

/**
 * Operators are ready before their custom resources are applied: in the deploy pipeline (what
 * `devspace deploy` runs, replayed with devspace's functions stood in), every deployment that
 * installs CRDs or admission webhooks (a Helm chart from KNOWN_HELM_CHARTS, a known remote
 * manifest, or local CRD / webhook manifests) is created in an earlier `create_deployments`
 * than the deployments that use them, and is waited for: Helm `--wait` (devspace:
 * helm.upgradeArgs), or a `kubectl wait` / `kubectl rollout status` in its namespace in between.
 */
export const operatorReadiness: TreeCheck = {
  name: NAME,
  async run(tree) {
    const config = readDevspace(tree);
    if (!config || config.deployments.length === 0) return [];
    const contracts = new Map(
      config.deployments.map(d => [d.name, contract(tree, d)]),
    );
    const problems = [...contracts.values()].flatMap(c => c.problems);
    const events = config.deployScript
      ? await replayDeployPipeline(config.deployScript)
      : [];
    const createdAt = new Map<string, number>();
    events.forEach((e, i) => {
      if (e.kind === 'create_deployments')
        for (const a of e.args) if (!createdAt.has(a)) createdAt.set(a, i);
    });
    let pairs = 0;
    for (const consumer of config.deployments) {
      const used = contracts.get(consumer.name)!.uses;
      for (const provider of config.deployments) {
        if (provider === consumer) continue;
        const tokens = [...used].filter(t =>
          contracts.get(provider.name)!.provides.has(t),
        );
        if (tokens.length === 0) continue;
        pairs++;
        const what = `deployment ${consumer.name} uses ${tokens.join(
          ', ',
        )} from ${provider.name}`;
        const p = createdAt.get(provider.name);
        const c = createdAt.get(consumer.name);
        if (c === undefined) continue;
        if (p === undefined) {
          problems.push(
            `${what}, but the deploy pipeline never creates ${provider.name}`,
          );
        } else if (p >= c) {
          problems.push(
            `${what}, but the deploy pipeline creates ${consumer.name} ${
              p === c ? 'in the same create_deployments as' : 'before'
            } ${
              provider.name
            }: create the operator in an earlier create_deployments call`,
          );
        } else if (
          !(provider.helm && helmWaits(provider)) &&
          !events.slice(p + 1, c).some(e => waitsFor(e, provider))
        ) {
          problems.push(
            `${what}, but nothing waits for ${
              provider.name
            } to be ready before ${
              consumer.name
            } is applied (its CRDs established, its webhooks answering): ${
              provider.helm
                ? 'add helm.upgradeArgs: ["--wait", "--timeout", "10m"]'
                : `run \`kubectl --namespace ${
                    provider.namespace ?? '<namespace>'
                  } rollout status deployment/<operator>\` after creating it`
            }`,
          );
        }
      }
    }
    return problems.length || pairs
      ? [resultRow('devspace.yaml', NAME, problems)]
      : [];
  },
};
