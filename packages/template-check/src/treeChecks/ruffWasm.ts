// ruff's own WASM build (npm @astral-sh/ruff-wasm-nodejs), loaded once.

interface RuffWasm {
  Workspace: {
    new (options: unknown, encoding: number): RuffWorkspace;
    version(): string;
  };
  PositionEncoding: { Utf16: number };
}

export interface RuffWorkspace {
  check(contents: string): RuffDiagnostic[];
  format(contents: string): string;
}

export interface RuffDiagnostic {
  code: string | null;
  message: string;
  start_location: { row: number; column: number };
}

let wasm: RuffWasm | Error | undefined;

export function loadRuff(): RuffWasm | Error {
  if (!wasm) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      wasm = require('@astral-sh/ruff-wasm-nodejs') as RuffWasm;
    } catch (e) {
      wasm = e as Error;
    }
  }
  return wasm;
}
