// The esbuild options every Node bundle of the workspace shares (the CLI's and the sync-verifier's):
// one ESM file per entry for Node 20, minified (class names kept), and Node's require() for the CommonJS dependencies inside it.

/** @param {string} root - the project's directory (esbuild's working directory) */
export function nodeBundleOptions(root) {
  return {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // MTLSCTL_BUNDLE_NO_MINIFY=1: readable function names, for `node --cpu-prof` profiles of the bundle.
    minify: process.env.MTLSCTL_BUNDLE_NO_MINIFY !== '1',
    // Class names are part of the error contract (`error.name`, and the `Symbol.for('mtlsctl.error.<Name>')` markers
    // isInstance checks across the bundle copies): minify everything else.
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies inside an ESM bundle call require(): give them Node's.
    banner: { js: "import { createRequire as __mtlsctlCreateRequire } from 'node:module'; const require = __mtlsctlCreateRequire(import.meta.url);" },
  };
}
