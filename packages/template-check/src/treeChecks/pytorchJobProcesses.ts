import type { FileCheck } from '../validators';
import type { TreeCheck } from './types';
import { projectFiles, resultRow, YAML_FILE, yamlDocuments } from './treeFiles';
import { stringFlag } from './k8s/devspace';

const NAME = 'PyTorchJob processes';

type Obj = Record<string, any>;

const TORCHRUN_MODULES = ['torch.distributed.run', 'torch.distributed.launch'];

/**
 * The environment the Kubeflow training operator adds to every replica's containers
 * (kubeflow/training-operator pkg/controller.v1/pytorch/envvar.go, setPodEnv): torchrun reads
 * the PET_* variables as defaults of its options (torch/distributed/run.py, `action=env`).
 */
export function operatorEnv(job: Obj): Record<string, string> {
  const env: Record<string, string> = {};
  const specs: Obj = job.spec?.pytorchReplicaSpecs ?? {};
  const replicas = Object.values(specs).reduce(
    (n: number, s: Obj) => n + Number(s?.replicas ?? 1),
    0,
  );
  if (job.spec?.nprocPerNode !== undefined)
    env.PET_NPROC_PER_NODE = String(job.spec.nprocPerNode);
  if (!job.spec?.elasticPolicy) env.PET_NNODES = String(replicas);
  return env;
}

/** How many processes a container starts, given its GPUs; undefined = not a launcher we know. */
export function processesStarted(
  command: string[],
  env: Record<string, string>,
  gpus: number,
): number {
  const [exe, ...rest] = command;
  const base = (exe ?? '').split('/').pop() ?? '';
  let launcherArgs: string[] | undefined;
  if (base === 'torchrun') launcherArgs = rest;
  else if (
    /^python[0-9.]*$/.test(base) &&
    rest[0] === '-m' &&
    TORCHRUN_MODULES.includes(rest[1])
  )
    launcherArgs = rest.slice(2);
  if (!launcherArgs) return 1;
  // options stop at the training script: only those before it count
  const script = launcherArgs.findIndex(
    a => !a.startsWith('-') && /\.py$/.test(a),
  );
  const options = script >= 0 ? launcherArgs.slice(0, script) : launcherArgs;
  const nproc =
    stringFlag(options, '--nproc_per_node', '--nproc-per-node') ??
    env.PET_NPROC_PER_NODE ??
    '1';
  if (nproc === 'gpu' || nproc === 'auto') return gpus > 0 ? gpus : 1;
  const n = Number(nproc);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

function gpusOf(container: Obj): number {
  const r = container.resources ?? {};
  const v = r.limits?.['nvidia.com/gpu'] ?? r.requests?.['nvidia.com/gpu'];
  const n = Number(v ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Every PyTorchJob replica that asks for N > 1 GPUs starts N processes (torchrun with
 * --nproc_per_node / the job's nprocPerNode), else N-1 GPUs sit idle. The container's command
 * and args are read as Kubernetes joins them; a `{replaced with ...}` placeholder stands for
 * the entry point MLflow-style launchers fill in.
 */
export const pytorchJobProcesses: TreeCheck = {
  name: NAME,
  async run(tree) {
    const rows: FileCheck[] = [];
    for (const [file, text] of projectFiles(tree, YAML_FILE)) {
      if (!text.includes('PyTorchJob')) continue;
      for (const job of yamlDocuments(text) as Obj[]) {
        if (job?.kind !== 'PyTorchJob') continue;
        const env = operatorEnv(job);
        const problems: string[] = [];
        for (const [role, spec] of Object.entries<Obj>(
          job.spec?.pytorchReplicaSpecs ?? {},
        )) {
          for (const c of spec?.template?.spec?.containers ?? []) {
            const gpus = gpusOf(c);
            if (gpus <= 1) continue;
            const own: Record<string, string> = {};
            for (const e of c.env ?? [])
              if (e?.name && e.value !== undefined)
                own[e.name] = String(e.value);
            const command = [...(c.command ?? []), ...(c.args ?? [])].map(
              String,
            );
            const n = processesStarted(command, { ...env, ...own }, gpus);
            if (n !== gpus)
              problems.push(
                `${role} container ${
                  c.name
                } asks for ${gpus} GPUs (nvidia.com/gpu) but \`${command.join(
                  ' ',
                )}\` starts ${n} process${n === 1 ? '' : 'es'}: ${
                  gpus - Math.min(n, gpus)
                } GPUs would sit idle. Launch with torchrun, one process per GPU (spec.nprocPerNode: "${gpus}", command: ["torchrun"]), and pick the device from LOCAL_RANK`,
              );
          }
        }
        rows.push(resultRow(file, NAME, problems));
      }
    }
    return rows;
  },
};
