// Build step (build.mjs, before the build ids): clipanion's state machine of
// each command, compiled by clipanion from the command's class, appended to
// the class's chunk as its `icMachine` (JSON, each distinct part once:
// src/cli/machine-text.ts). src/cli/program.ts hands it to
// clipanion instead of letting it compile the same machine again at every
// start (about 1 ms of cold code for `state get`, more with more flags).
// The machine is clipanion's own output for that class: argv is still parsed
// by clipanion, from the generated class, and test/cli/machines.test.ts
// checks each embedded machine against a fresh compile and the parses
// against clipanion's own path.
'use strict';
const fs = require('fs');
const path = require('path');
const { load } = require('../bin/ic');

const DIST = path.join(__dirname, '../dist');

/** The machine clipanion compiles for this class, registered as src/cli/program.ts registers it. */
function machineOf(ic, commandClass) {
  return ic.exports.machineToText(ic.exports.commandCli(ic.exports.PROGRAM, commandClass).builder.compile().machine);
}

function files(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const ic = load({ noCache: true });
for (const file of files(path.join(DIST, 'commands'))) {
  if (!file.endsWith('.cjs')) continue;
  const exported = Object.entries(ic.loadChunk(path.relative(DIST, file).slice(0, -'.cjs'.length)));
  if (exported.length !== 1) throw new Error(`${file}: one command class expected, found ${exported.map(([name]) => name).join(', ')}`);
  const [name, commandClass] = exported[0];
  // JSON text as a JS string, every character past ASCII escaped (the bundle stays ASCII: build.mjs).
  const literal = JSON.stringify(machineOf(ic, commandClass)).replace(
    /[^\x00-\x7f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  fs.appendFileSync(file, `module.exports.${name}.icMachine = ${literal};\n`);
}
