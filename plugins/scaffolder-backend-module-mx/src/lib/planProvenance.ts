import { PendingPlan } from '@mx-backstage/plugin-mx-common';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/** What a plan is made from, measured the same way at plan time and at apply time. */
export interface PlanProvenance {
  commit: string;
  configHash: string;
  stateSerial?: number;
  stateLineage?: string;
}

// Not configuration: terraform's own working files, local state, plans and our scratch dirs.
const IGNORED = [
  /^\.terraform$/,
  /^terraform\.tfstate(\.backup)?$/,
  /^\.terraform\.tfstate\.lock\.info$/,
  /\.tfplan$/,
  /^\.mx-scratch-/,
];

/** sha256 over every file of the root module (relative path and contents), sorted by path. */
export async function hashConfiguration(dir: string): Promise<string> {
  const files: string[] = [];
  const walk = async (rel: string) => {
    const entries = await fs.readdir(path.join(dir, rel), {
      withFileTypes: true,
    });
    for (const e of entries) {
      if (IGNORED.some(r => r.test(e.name))) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) files.push(child);
    }
  };
  await walk('');
  const hash = createHash('sha256');
  for (const f of files.sort()) {
    hash.update(`${f}\0`);
    hash.update(await fs.readFile(path.join(dir, f)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Serial and lineage of `terraform state pull` output (empty when there is no state yet). */
export function parseStateVersion(pulled: string): {
  serial?: number;
  lineage?: string;
} {
  if (!pulled.trim()) return {};
  const parsed = JSON.parse(pulled) as { serial?: number; lineage?: string };
  return { serial: parsed.serial, lineage: parsed.lineage };
}

const short = (commit: string) => commit.slice(0, 12);

/**
 * Why a saved plan may no longer be applied, one sentence each; empty when it still applies.
 * Checked before `terraform apply <planfile>` (which itself refuses a plan whose state changed).
 */
export function staleReasons(
  plan: PendingPlan,
  current: Partial<PlanProvenance>,
  now: Date,
  maxAge: { ms: number; text: string },
): string[] {
  const reasons: string[] = [];
  const age = now.getTime() - new Date(plan.createdAt).getTime();
  if (!(age <= maxAge.ms)) {
    reasons.push(
      `it was made at ${plan.createdAt}, more than ${maxAge.text} ago (mx.terraform.planMaxAge)`,
    );
  }
  if (current.commit !== undefined && current.commit !== plan.commit) {
    reasons.push(
      `the repository has a new commit since the plan (planned at ${short(
        plan.commit,
      )}, now at ${short(current.commit)})`,
    );
  } else if (
    current.configHash !== undefined &&
    current.configHash !== plan.configHash
  ) {
    reasons.push(
      `the Terraform configuration in ${plan.workingDirectory} differs from the one planned`,
    );
  }
  if (
    current.stateLineage !== plan.stateLineage ||
    current.stateSerial !== plan.stateSerial
  ) {
    reasons.push(
      `the Terraform state changed since the plan (serial ${
        plan.stateSerial ?? 'none'
      } then, ${current.stateSerial ?? 'none'} now${
        current.stateLineage !== plan.stateLineage ? ', another lineage' : ''
      })`,
    );
  }
  return reasons;
}
