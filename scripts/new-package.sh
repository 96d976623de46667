#!/usr/bin/env bash
# Lays out a new workspace project: scripts/new-package.sh <dir> "<one-line description>" [dep-project ...]
# e.g. scripts/new-package.sh packages/authority "The CA's workflows" pki-core vault-store
set -euo pipefail
dir=$1; desc=$2; shift 2
name=$(basename "$dir")
mkdir -p "$dir/src"
deps=""; refs=""
for d in "$@"; do
  path=$(ls -d packages/"$d" apps/"$d" tools/"$d" 2>/dev/null | head -1 || true)
  deps+="\"@mtlsctl/$d\": \"0.1.0\","
  refs+="{ \"path\": \"../../$path/tsconfig.build.json\" },"
done
cat > "$dir/package.json" <<JSON
{
  "name": "@mtlsctl/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "Apache-2.0",
  "type": "module",
  "engines": { "node": ">=20.19.0" },
  "exports": {
    ".": {
      "@mtlsctl/source": "./src/index.ts",
      "types": "./dist/index.d.ts",
      "default": "./dist/index.js"
    }
  },
  "files": ["dist", "README.md"],
  "scripts": {
    "build": "tsc -b tsconfig.build.json",
    "typecheck": "tsc -p tsconfig.json --noEmit",
    "test": "vitest run"
  },
  "dependencies": { ${deps%,} }
}
JSON
cat > "$dir/tsconfig.build.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist", "tsBuildInfoFile": "dist/.tsbuildinfo" },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.test.ts", "src/**/test-support/**"],
  "references": [ ${refs%,} ]
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "composite": false, "declaration": false, "declarationMap": false, "noEmit": true },
  "include": ["src/**/*.ts", "test/**/*.ts", "vitest.config.ts"]
}
JSON
cat > "$dir/vitest.config.ts" <<TS
import { mtlsctlProject } from '../../vitest.shared.js';

export default mtlsctlProject('$name');
TS
[ -f "$dir/README.md" ] || printf '# @mtlsctl/%s\n\n%s\n' "$name" "$desc" > "$dir/README.md"
echo "created $dir"
