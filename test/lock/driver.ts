// A separate process for the lock race tests:
//   acquire <base> <name> <scope> <timeoutMs> <owner> <barrier>
//     prints "ready", waits for the barrier file, acquires, prints {"acquired":…}
//   cycle <base> <name> <scope> <count> <owner>
//     acquire then release, count times; prints {"cycles":…}
//   read <base> <name> <scope> <stopFile>
//     reads owner.json until the stop file exists; prints {"reads":…,"seen":…,"bad":[…]}
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IcError } from '../../src/cli/errors';
import { acquire, release } from '../../src/lock/locks';
import { sleepSync } from '../../src/sys/sleep';

function waitFor(file: string): void {
  while (!existsSync(file)) sleepSync(2);
}

function run(argv: string[]): void {
  const [mode, base, name, scope, a, b, c] = argv;
  if (!mode || !base || !name || !scope) throw new Error('usage: driver <mode> <base> <name> <scope> ...');
  if (mode === 'acquire') {
    process.stdout.write('ready\n');
    waitFor(c!);
    const r = acquire(name, scope, { base, timeoutMs: Number(a), owner: b });
    process.stdout.write(`${JSON.stringify({ acquired: r.acquired })}\n`);
  } else if (mode === 'cycle') {
    let cycles = 0;
    for (let i = 0; i < Number(a); i++) {
      if (!acquire(name, scope, { base, timeoutMs: 20_000, owner: b }).acquired) throw new Error('cycle: timed out');
      const r = release(name, scope, { base, owner: b });
      if (!r.released) throw new Error(`cycle: release ${r.why}`);
      cycles++;
    }
    process.stdout.write(`${JSON.stringify({ cycles })}\n`);
  } else if (mode === 'read') {
    const file = join(base, name, scope, 'owner.json');
    let reads = 0;
    let seen = 0;
    const bad: string[] = [];
    while (!existsSync(a!)) {
      reads++;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue; // no lock right now
      }
      seen++;
      try {
        const v = JSON.parse(text) as Record<string, unknown>;
        if (typeof v.pid !== 'number' || typeof v.owner !== 'string' || typeof v.created !== 'number') bad.push(text);
      } catch {
        bad.push(text);
      }
    }
    process.stdout.write(`${JSON.stringify({ reads, seen, bad: bad.slice(0, 5), badCount: bad.length })}\n`);
  } else throw new Error(`unknown mode ${mode}`);
}

try {
  run(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`driver: ${err instanceof IcError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
