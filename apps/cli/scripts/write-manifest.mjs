// Writes oclif.manifest.json (what `oclif manifest` writes) so that start-up reads one JSON file instead of
// importing every command module to learn its flags. Run after bundle.mjs: the manifest points at the bundled
// commands. Uses @oclif/core's own Plugin loader, as the `oclif` dev package does, without its dependencies.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Plugin } from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const plugin = new Plugin({ root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true, respectNoCacheDefault: true });
await plugin.load();
const commands = Object.keys(plugin.manifest.commands).length;
if (commands === 0) throw new Error(`no commands found under ${plugin.pjson.oclif.commands}`);
writeFileSync(join(root, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`);
process.stdout.write(`oclif.manifest.json: ${commands} commands\n`);
