'use strict';
// The floor `npm run bench` compares ic with: the smallest Node program that
// does what `ic state get <key> <scope_id>` does, with better-sqlite3 loaded
// as a program usually loads it (require() through node_modules, the addon
// found by the `bindings` package): open the database, read one state row,
// print its payload. It writes with fs.writeSync, as ic does, so that neither
// pays for Node's stdout stream. Run from the project directory:
//   node bench/floor.cjs <key> <scope_id>
const fs = require('fs');
const Database = require('better-sqlite3');

const db = new Database('.clavain/intercore.db');
const row = db.prepare('SELECT payload FROM state WHERE key = ? AND scope_id = ?').get(process.argv[2], process.argv[3]);
if (row) fs.writeSync(1, `${row.payload}\n`);
db.close();
process.exitCode = row ? 0 : 1;
