// npm run bench: whole `./bin/ic` processes against a bare `node -e ''` and
// against the floor program (bench/floor.cjs: Node + better-sqlite3 as a
// program usually loads it, opening the database and reading one state
// row), the three alternating in the same run (this machine is shared and
// noisy, so only ratios taken side by side mean anything). Prints median
// wall and CPU time, peak RSS, the garbage collections of one run and the
// ratios, plus the same SQL through the sqlite3 shell.
//
//   node bench/run.mjs [--n=30] [--only=NAME,...] [--scale] [--concurrency] [--keep-ca-certs] [--hooks] [--before=FILE]
//     --only         only the cases named (comma-separated, as in the table)
//     --compare=DIR,...  also time DIR/bin/ic (another build: a worktree or
//                    a `git archive` of a commit, built) in the same loop,
//                    and print each one's ratio to node -e '' per case and
//                    what it costs against this build in ms: how the
//                    history of docs/PERFORMANCE.md is measured
//     --scale        also time the hot commands on a seeded large database
//     --concurrency  64 processes claim one sentinel at once
//     --keep-ca-certs  time every process with NODE_EXTRA_CA_CERTS as the
//                    environment sets it (by default none is, but the hook
//                    rows that say so: Node parses that bundle at each start)
//     --hooks        only the hook figures: a fresh bash sourcing
//                    lib-intercore.sh and making one or two wrapper calls,
//                    against one direct ic call, with the ic processes each
//                    starts; "before" is main's lib-intercore.sh (git show
//                    main:lib-intercore.sh) or --before=FILE. Also the cost of
//                    the time bound per call (bash watchdog, GNU timeout).
// Environment: BENCH_N (iterations, default 30).
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin/ic');
const FLOOR = join(ROOT, 'bench/floor.cjs');
const args = new Set(process.argv.slice(2));
const COMPARE = (
  [...args]
    .find((a) => a.startsWith('--compare='))
    ?.slice(10)
    .split(',') ?? []
).filter(Boolean);
const N = Number([...args].find((a) => a.startsWith('--n='))?.slice(4) ?? process.env.BENCH_N ?? 30);
const SQLITE3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => existsSync(p));
// NODE_EXTRA_CA_CERTS makes every Node process read and parse that CA bundle
// before any JavaScript runs (~90 ms here): it would add the same constant
// to node -e '', the floor and ic, and hide ic's own cost in the ratios. No
// process timed here has it (as on most machines), except the hook figures'
// rows that say so, with this machine's bundle (or the system's).
// --keep-ca-certs times every process as this environment sets it (as
// issue 33's first figures were).
const CA_SET = process.env.NODE_EXTRA_CA_CERTS || undefined;
const CA_BUNDLE = CA_SET ?? ['/etc/ssl/certs/ca-certificates.crt', '/etc/ssl/cert.pem'].find((p) => existsSync(p));
const KEEP_CA = args.has('--keep-ca-certs');
if (!KEEP_CA) delete process.env.NODE_EXTRA_CA_CERTS;
// ic runs as a hook runs it, by its #! line (bin/ic: /bin/sh, then the node
// on PATH): that node is this one.
process.env.PATH = `${dirname(process.execPath)}:${process.env.PATH}`;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// bash's `time` reports the process's wall time and its CPU time (user +
// sys, from getrusage) to the millisecond, on fd 3; the process keeps its
// stdin, stdout and stderr (pipes, as a hook's `$(...)` gives it). CPU time
// hardly moves with the machine's load, which wall time does.
const TIMED = 'TIMEFORMAT="%3R %3U %3S"; { time "$@" 2>&4; } 4>&2 2>&3';

/** Wall and CPU time of one process, in ms, and its exit code. */
function timeOnce(cmd, argv, { cwd, input } = {}) {
  // --norc: a bash whose stdin is a socket (node's pipes) and SHLVL < 2 would read ~/.bashrc.
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', TIMED, 'bash', cmd, ...argv], {
    cwd,
    input,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const [real, user, sys] = String(r.output[3]).trim().split(/\s+/).map(Number);
  return { ms: real * 1000, cpu: (user + sys) * 1000, code: r.status, stderr: String(r.stderr) };
}

/** Peak RSS (KiB) of one process, through /usr/bin/time. */
function peakRss(cmd, argv, { cwd, input } = {}) {
  if (!TIME) return undefined;
  const r = spawnSync(TIME, ['-f', '%M', cmd, ...argv], { cwd, input, stdio: ['pipe', 'pipe', 'pipe'] });
  const kib = Number(String(r.stderr).trim().split('\n').pop());
  return Number.isFinite(kib) ? kib : undefined;
}

// --- the project ---------------------------------------------------------------

const ADVANCE_RUNS = N + 10;

function makeProject(seedFile, { fixtures = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-bench-'));
  const dbFile = join(dir, '.clavain/intercore.db');
  if (seedFile) {
    mkdirSync(dirname(dbFile), { recursive: true, mode: 0o700 });
    copyFileSync(seedFile, dbFile);
  } else {
    const r = spawnSync(process.execPath, [BIN, 'init'], { cwd: dir });
    if (r.status !== 0) throw new Error(`ic init failed: ${r.stderr}`);
  }
  if (!fixtures) return { dir, dbFile };
  const db = new Database(dbFile);
  db.transaction(() => {
    const run = db.prepare(
      "INSERT INTO runs (id, project_dir, goal, created_at, updated_at) VALUES (?, ?, 'bench', unixepoch(), unixepoch())",
    );
    run.run('benchrun', dir);
    for (let i = 0; i < ADVANCE_RUNS; i++) run.run(`adv${String(i).padStart(5, '0')}`, `${dir}/advance`);
    // Runs whose next phase asks for two commands (Clavain's sprint registers them at create), and benchrun's own.
    const action = db.prepare(
      "INSERT INTO phase_actions (run_id, phase, action_type, command, args, mode, priority, created_at, updated_at) VALUES (?, 'brainstorm-reviewed', 'command', ?, '[\"${run_id}\"]', 'interactive', 0, unixepoch(), unixepoch())",
    );
    for (let i = 0; i < ADVANCE_RUNS; i++) {
      const id = `act${String(i).padStart(5, '0')}`;
      run.run(id, `${dir}/actions`);
      action.run(id, '/clavain:review');
      action.run(id, '/clavain:strategy');
    }
    action.run('benchrun', '/clavain:review');
    db.prepare("INSERT INTO dispatches (id, project_dir, status) VALUES ('bench001', ?, 'completed')").run(dir);
    // benchrun has a token budget, ten dispatches that used tokens, and twenty events.
    db.prepare("UPDATE runs SET token_budget = 1000000 WHERE id = 'benchrun'").run();
    const used = db.prepare(
      "INSERT INTO dispatches (id, project_dir, status, scope_id, input_tokens, output_tokens) VALUES (?, ?, 'completed', 'benchrun', 1000, 500)",
    );
    for (let i = 0; i < 10; i++) used.run(`tok${String(i).padStart(5, '0')}`, dir);
    const event = db.prepare("INSERT INTO phase_events (run_id, from_phase, to_phase) VALUES ('benchrun', 'brainstorm', 'brainstorm')");
    for (let i = 0; i < 20; i++) event.run();
    db.prepare("INSERT INTO state (key, scope_id, payload) VALUES ('bench', 's', '{\"step\":1}')").run();
  })();
  db.close();
  return { dir, dbFile };
}

// Lock commands work on the caller's lock base, /tmp/intercore-<uid>/locks
// (src/lock/base.ts), not the database: a name of this run's own, a fresh
// scope per acquire, and the release case frees them in the same order
// (both cases run argv() equally often). The owner is given: the default
// (ic's parent) would be /usr/bin/time in the RSS runs.
const LOCK_NAME = `ic-bench-${process.pid}`;
const LOCK_DIR = join(`/tmp/intercore-${process.getuid()}/locks`, LOCK_NAME);

function cases(project) {
  let advance = 0;
  let acquired = 0;
  let released = 0;
  return [
    {
      name: 'sentinel check',
      argv: () => ['sentinel', 'check', 'bench', 's', '--interval=0'],
      sql: "SELECT last_fired FROM sentinels WHERE name = 'bench' AND scope_id = 's';",
    },
    {
      name: 'state get',
      argv: () => ['state', 'get', 'bench', 's'],
      sql: "SELECT payload FROM state WHERE key = 'bench' AND scope_id = 's';",
    },
    {
      name: 'state set',
      argv: () => ['state', 'set', 'bench', 's'],
      input: '{"step":2}',
      sql: "INSERT OR REPLACE INTO state (key, scope_id, payload, updated_at) VALUES ('bench', 's', '{\"step\":2}', unixepoch());",
    },
    {
      name: 'run current',
      argv: () => ['run', 'current'],
      sql: `SELECT id FROM runs WHERE project_dir = '${project.dir}' AND status = 'active' ORDER BY created_at DESC, rowid DESC LIMIT 1;`,
    },
    { name: 'run phase', argv: () => ['run', 'phase', 'benchrun'], sql: "SELECT phase FROM runs WHERE id = 'benchrun';" },
    {
      name: 'run advance',
      // --priority=4: the move itself (the default chain's first gate wants an artifact; gate check is timed on its own).
      argv: () => ['run', 'advance', `adv${String(advance++ % ADVANCE_RUNS).padStart(5, '0')}`, '--priority=4'],
      sql: "UPDATE runs SET phase = phase WHERE id = 'benchrun' AND phase = 'brainstorm';",
    },
    {
      name: 'run agent add',
      argv: () => ['run', 'agent', 'add', 'benchrun'],
      sql: "INSERT INTO run_agents (id, run_id) VALUES (lower(hex(randomblob(4))), 'benchrun');",
    },
    { name: 'dispatch status', argv: () => ['dispatch', 'status', 'bench001'], sql: "SELECT * FROM dispatches WHERE id = 'bench001';" },
    {
      name: 'gate check',
      argv: () => ['gate', 'check', 'benchrun'],
      sql: "SELECT * FROM runs WHERE id = 'benchrun'; SELECT count(*) FROM run_artifacts WHERE run_id = 'benchrun';",
    },
    {
      name: 'run tokens',
      argv: () => ['run', 'tokens', 'benchrun'],
      sql: "SELECT sum(input_tokens), sum(output_tokens) FROM dispatches WHERE scope_id = 'benchrun';",
    },
    {
      name: 'run budget',
      argv: () => ['run', 'budget', 'benchrun'],
      sql: "SELECT token_budget FROM runs WHERE id = 'benchrun'; SELECT sum(input_tokens + output_tokens) FROM dispatches WHERE scope_id = 'benchrun';",
    },
    {
      name: 'events tail --limit=10',
      argv: () => ['events', 'tail', 'benchrun', '--limit=10'],
      sql: "SELECT * FROM phase_events WHERE run_id = 'benchrun' AND id > 0 ORDER BY created_at, id LIMIT 10;",
    },
    {
      name: 'events tail --all --limit=10',
      argv: () => ['events', 'tail', '--all', '--limit=10'],
      sql: 'SELECT * FROM phase_events WHERE id > 0 ORDER BY created_at, id LIMIT 10;',
    },
    { name: 'lock acquire', argv: () => ['lock', 'acquire', LOCK_NAME, `s${acquired++}`, '--timeout=0', '--owner=bench'] },
    { name: 'lock release', argv: () => ['lock', 'release', LOCK_NAME, `s${released++}`, '--owner=bench'] },
    { name: '--help', argv: () => ['--help'] },
    ...FUTURE_HOT.filter((c) => commandExists(c.command)).map((c) => c.case(project)),
  ];
}

// HOT COMMANDS STILL TO COME. The v39 families add commands that every
// Clavain sprint step calls (issue 33). A family that brings one of these
// adds its case here, with whatever fixture it needs (set up in `setup`,
// which runs once on the project): the case joins the table as soon as the
// command exists (`ic <command> --help` exits 0), and is skipped until then.
// Keep each case a call a hook really makes.
let advancedWithActions = 0;
const FUTURE_HOT = [
  {
    command: 'run action list',
    case: () => ({ name: 'run action list', argv: () => ['--json', 'run', 'action', 'list', 'benchrun', '--phase=brainstorm-reviewed'] }),
  },
  {
    command: 'session attribute',
    case: () => ({
      name: 'session attribute',
      argv: () => ['session', 'attribute', '--session=bench', '--bead=iv-1', '--run=benchrun', '--phase=planned'],
    }),
  },
  {
    command: 'run action add',
    case: () => ({
      name: 'run advance (with actions)',
      argv: () => ['--json', 'run', 'advance', `act${String(advancedWithActions++ % ADVANCE_RUNS).padStart(5, '0')}`, '--priority=4'],
    }),
  },
];

/** Whether this build of ic has the command (its help answers). */
function commandExists(command) {
  return spawnSync(process.execPath, [BIN, ...command.split(' '), '--help'], { stdio: 'ignore' }).status === 0;
}

function checkCase(project, c) {
  const r = timeOnce(BIN, c.argv(), { cwd: project.dir, input: c.input });
  if (r.code !== 0 && r.code !== 1) return `exit ${r.code}: ${r.stderr.trim()}`;
  return undefined;
}

/** Times each case against node -e '' and the floor program (alternating), N times. */
function measure(project, list) {
  const rows = [];
  for (const c of list) {
    // A few untimed runs first: the page cache and the WAL settle.
    const error = checkCase(project, c) ?? checkCase(project, c) ?? checkCase(project, c);
    const ic = [];
    const node = [];
    const floor = [];
    const sqlite = [];
    const others = COMPARE.map(() => []);
    const cpu = { ic: [], node: [], floor: [], others: COMPARE.map(() => []) };
    for (let i = 0; i < N && !error; i++) {
      const n = timeOnce(process.execPath, ['-e', '']);
      const f = timeOnce(process.execPath, [FLOOR, 'bench', 's'], { cwd: project.dir });
      // This build and the compared ones take turns going first, so that
      // neither always runs in the same place after the floor program.
      const compared = () =>
        COMPARE.forEach((dir, j) => {
          const o = timeOnce(join(dir, 'bin/ic'), c.argv(), { cwd: project.dir, input: c.input });
          others[j].push(o.ms);
          cpu.others[j].push(o.cpu);
        });
      if (i % 2) compared();
      const t = timeOnce(BIN, c.argv(), { cwd: project.dir, input: c.input });
      if (!(i % 2)) compared();
      node.push(n.ms);
      floor.push(f.ms);
      ic.push(t.ms);
      cpu.node.push(n.cpu);
      cpu.floor.push(f.cpu);
      cpu.ic.push(t.cpu);
      if (SQLITE3 && c.sql) sqlite.push(timeOnce(SQLITE3, [project.dbFile, c.sql]).ms);
    }
    const rss = [];
    const nodeRss = [];
    for (let i = 0; i < 5 && !error; i++) {
      nodeRss.push(peakRss(process.execPath, ['-e', '']));
      rss.push(peakRss(BIN, c.argv(), { cwd: project.dir, input: c.input }));
    }
    rows.push({
      name: c.name,
      error,
      gcs: error ? undefined : garbageCollections(c, project),
      ic: error ? NaN : median(ic),
      node: error ? NaN : median(node),
      floor: error ? NaN : median(floor),
      // Each run against the node -e '' and floor runs just before it: the
      // three share the machine's load of that moment, so the median of
      // these paired ratios moves less with the load than a ratio of medians.
      perNode: error ? NaN : median(ic.map((t, i) => t / node[i])),
      perFloor: error ? NaN : median(ic.map((t, i) => t / floor[i])),
      floorPerNode: error ? NaN : median(floor.map((t, i) => t / node[i])),
      cpu: error ? NaN : median(cpu.ic),
      cpuPerNode: error ? NaN : median(cpu.ic.map((t, i) => t / cpu.node[i])),
      cpuPerFloor: error ? NaN : median(cpu.ic.map((t, i) => t / cpu.floor[i])),
      compared: others.map((times, j) => ({
        perNode: error ? NaN : median(times.map((t, i) => t / node[i])),
        // What that build costs more than this one, in ms (median of the paired differences).
        overThis: error ? NaN : median(times.map((t, i) => t - ic[i])),
        cpuPerNode: error ? NaN : median(cpu.others[j].map((t, i) => t / cpu.node[i])),
        cpuOverThis: error ? NaN : median(cpu.others[j].map((t, i) => t - cpu.ic[i])),
      })),
      sqlite: sqlite.length ? median(sqlite) : undefined,
      rss: rss.every((x) => x !== undefined) && rss.length ? median(rss) : undefined,
      nodeRss: nodeRss.every((x) => x !== undefined) && nodeRss.length ? median(nodeRss) : undefined,
    });
  }
  return rows;
}

/**
 * How many garbage collections one run of the case makes (V8's --trace-gc
 * lines; an untimed run of its own). A young-generation collection costs
 * about 2 ms here, so a hot command should make none.
 */
function garbageCollections(c, project) {
  const r = spawnSync(process.execPath, ['--trace-gc', BIN, ...c.argv()], { cwd: project.dir, input: c.input, encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: /.test(l)).length;
}

const f1 = (x) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(1));
const f2 = (x) => (x === undefined || Number.isNaN(x) ? '-' : x.toFixed(2));

function printCompared(rows) {
  if (!COMPARE.length) return;
  console.log(
    `\nCompared builds (wall and CPU time as ratios to node -e '' in the same loop, and what each costs more than this build, ${ROOT}, in ms):\n`,
  );
  console.log(`| command | | this build | ${COMPARE.join(' | ')} |`);
  console.log(`|---|---|---:|${COMPARE.map(() => '---:').join('|')}|`);
  const ms = (x) => `${x >= 0 ? '+' : ''}${f1(x)} ms`;
  for (const r of rows.filter((x) => !x.error)) {
    console.log(`| ${r.name} | wall | ${f2(r.perNode)}x | ${r.compared.map((o) => `${f2(o.perNode)}x, ${ms(o.overThis)}`).join(' | ')} |`);
    console.log(`| | CPU | ${f2(r.cpuPerNode)}x | ${r.compared.map((o) => `${f2(o.cpuPerNode)}x, ${ms(o.cpuOverThis)}`).join(' | ')} |`);
  }
}

function printTable(rows) {
  const ok = rows.filter((r) => !r.error);
  if (ok.length) {
    const floorRatios = ok.map((r) => r.floorPerNode);
    console.log(
      `node -e '' ${f1(median(ok.map((r) => r.node)))} ms, floor program ${f1(median(ok.map((r) => r.floor)))} ms ` +
        `(floor / node ${f2(median(floorRatios))}x, ${f2(Math.min(...floorRatios))}-${f2(Math.max(...floorRatios))}x over the cases); load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}\n`,
    );
  }
  console.log(
    "| command | ic ms | node -e '' ms | / node | floor ms | / floor | ic CPU ms | CPU / node | CPU / floor | ic peak RSS MiB | RSS / node | GCs | sqlite3 shell ms |",
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    if (r.error) {
      console.log(`| ${r.name} | error: ${r.error} | | | | | | | | | | | |`);
      continue;
    }
    const rssMiB = r.rss === undefined ? undefined : r.rss / 1024;
    const rssRatio = r.rss === undefined || r.nodeRss === undefined ? undefined : r.rss / r.nodeRss;
    console.log(
      `| ${r.name} | ${f1(r.ic)} | ${f1(r.node)} | ${f2(r.perNode)}x | ${f1(r.floor)} | ${f2(r.perFloor)}x | ${f1(r.cpu)} | ${f2(r.cpuPerNode)}x | ${f2(r.cpuPerFloor)}x | ${f1(rssMiB)} | ${f2(rssRatio)}x | ${r.gcs ?? '-'} | ${f1(r.sqlite)} |`,
    );
  }
}

// --- scale -------------------------------------------------------------------

const SCALE = {
  runs: 100_000,
  events: 1_000_000,
  agents: 100_000,
  artifacts: 100_000,
  sentinels: 100_000,
  state: 100_000,
  runDispatches: 10_000,
};

/** A large database, seeded once and kept in the temp dir (delete it to reseed). */
function seededDatabase() {
  const file = join(tmpdir(), 'ic-bench-scale-v2.db');
  if (existsSync(file) && statSync(file).size > 0) return file;
  const project = makeProject(undefined, { fixtures: false });
  const db = new Database(project.dbFile);
  const started = Date.now();
  db.pragma('journal_mode = WAL');
  db.transaction(() => {
    const now = Math.floor(Date.now() / 1000) - 86_400;
    const run = db.prepare(
      "INSERT INTO runs (id, project_dir, goal, status, phase, created_at, updated_at) VALUES (?, ?, 'seed', ?, 'executing', ?, ?)",
    );
    for (let i = 0; i < SCALE.runs; i++)
      run.run(`s${String(i).padStart(7, '0')}`, `/projects/p${i % 1000}`, i % 10 ? 'completed' : 'active', now - i, now - i);
    const event = db.prepare(
      "INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, created_at) VALUES (?, 'brainstorm', 'planned', 'advance', ?)",
    );
    for (let i = 0; i < SCALE.events; i++) event.run(`s${String(i % SCALE.runs).padStart(7, '0')}`, now - i);
    const agent = db.prepare('INSERT INTO run_agents (id, run_id, status) VALUES (?, ?, ?)');
    for (let i = 0; i < SCALE.agents; i++)
      agent.run(`a${String(i).padStart(7, '0')}`, `s${String(i).padStart(7, '0')}`, i % 3 ? 'completed' : 'active');
    const artifact = db.prepare("INSERT INTO run_artifacts (id, run_id, phase, path) VALUES (?, ?, 'planned', ?)");
    for (let i = 0; i < SCALE.artifacts; i++)
      artifact.run(`f${String(i).padStart(7, '0')}`, `s${String(i).padStart(7, '0')}`, `docs/${i}.md`);
    const sentinel = db.prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?)');
    for (let i = 0; i < SCALE.sentinels; i++) sentinel.run(`n${i % 100}`, `scope${i}`, Math.floor(Date.now() / 1000) - (i % 3600));
    const state = db.prepare('INSERT INTO state (key, scope_id, payload, updated_at) VALUES (?, ?, \'{"seed":true}\', ?)');
    for (let i = 0; i < SCALE.state; i++) state.run(`k${i % 100}`, `scope${i}`, now);
    const dispatch = db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at) VALUES (?, '/projects/p', 'completed', ?)");
    for (let i = 0; i < 100_000; i++) dispatch.run(`d${String(i).padStart(7, '0')}`, now - i);
    // run tokens and run budget of the fixtures' benchrun sum 10k dispatches.
    const used = db.prepare(
      "INSERT INTO dispatches (id, project_dir, status, scope_id, input_tokens, output_tokens, created_at) VALUES (?, '/projects/p', 'completed', 'benchrun', 100, 50, ?)",
    );
    for (let i = 0; i < SCALE.runDispatches; i++) used.run(`u${String(i).padStart(7, '0')}`, now - i);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  copyFileSync(project.dbFile, file);
  rmSync(project.dir, { recursive: true, force: true });
  console.log(
    `seeded ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${Object.entries(SCALE)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}, 100000 dispatches`,
  );
  return file;
}

// --- concurrency ---------------------------------------------------------------

async function concurrentClaims(project, n = 64) {
  const started = process.hrtime.bigint();
  const results = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((done) => {
          const child = spawn(process.execPath, [BIN, 'sentinel', 'check', 'race', 's', '--interval=0'], { cwd: project.dir });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('close', (code) => done({ code, out }));
        }),
    ),
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  const allowed = results.filter((r) => r.code === 0 && r.out === 'allowed\n').length;
  const throttled = results.filter((r) => r.code === 1 && r.out === 'throttled\n').length;
  const errors = results.filter((r) => r.code !== 0 && r.code !== 1).length;
  console.log(
    `${n} concurrent sentinel claims: ${allowed} allowed, ${throttled} throttled, ${errors} errors, ${wall.toFixed(0)} ms wall in total`,
  );
  return errors === 0 && allowed === 1;
}

// --- hooks ---------------------------------------------------------------------

/** The hook figures: whole `bash -c` hooks through lib-intercore.sh against one direct ic call. */
function hookFigures(project) {
  const dir = mkdtempSync(join(tmpdir(), 'ic-bench-hooks-'));
  const libs = [['after', join(ROOT, 'lib-intercore.sh')]];
  const beforeArg = [...args].find((a) => a.startsWith('--before='))?.slice(9);
  let before = beforeArg;
  if (!before) {
    const r = spawnSync('git', ['-C', ROOT, 'show', 'main:lib-intercore.sh'], { encoding: 'utf8' });
    if (r.status === 0) {
      before = join(dir, 'lib-intercore.before.sh');
      writeFileSync(before, r.stdout);
    }
  }
  if (before) libs.unshift(['before', before]);
  // ic on PATH as a hook finds it (a symlink: no extra process), and a
  // counting ic for the process counts (a bash script: never timed).
  mkdirSync(join(dir, 'bin'));
  spawnSync('ln', ['-s', BIN, join(dir, 'bin', 'ic')]);
  mkdirSync(join(dir, 'counting'));
  const counter = join(dir, 'counting', 'ic');
  writeFileSync(counter, `#!/usr/bin/env bash\nprintf '%s\\n' "$*" >>"$IC_COUNT_FILE"\nexec "${BIN}" "$@"\n`);
  chmodSync(counter, 0o755);
  const env = (path, extra = {}) => ({ ...process.env, PATH: `${path}:${process.env.PATH}`, IC_COUNT_FILE: join(dir, 'count'), ...extra });
  // With a CA bundle named: ic's #! line starts Node without it (bin/ic).
  const withCa = CA_BUNDLE ? { NODE_EXTRA_CA_CERTS: CA_BUNDLE } : undefined;
  const legacy = join(dir, 'legacy');
  const hook = (lib, body) => () => ['bash', ['-c', `source "${lib}"; LEGACY="${legacy}"; ${body}`]];
  const hooks = [
    ['one call', 'intercore_sentinel_check_or_legacy bench s 0 "$LEGACY" || true'],
    ['two calls', 'intercore_sentinel_check_or_legacy bench s 0 "$LEGACY" || true; intercore_state_get bench s >/dev/null'],
  ];
  const runners = [
    ['direct ic sentinel check', () => [join(dir, 'bin', 'ic'), ['sentinel', 'check', 'bench', 's', '--interval=0']]],
    // The floor of any hook: bash itself, then the same call (forked, as a hook
    // that goes on after it would).
    ["bash -c 'ic sentinel check ...; :' (no library)", () => ['bash', ['-c', 'ic sentinel check bench s --interval=0; :']]],
  ];
  for (const [which, lib] of libs) {
    runners.push([`bash sourcing the library, no call (${which})`, () => ['bash', ['-c', `source "${lib}"`]]]);
    for (const [name, body] of hooks) {
      runners.push([`hook, ${name} (${which})`, hook(lib, body)]);
    }
  }
  if (withCa) {
    runners.push([`direct ic sentinel check, NODE_EXTRA_CA_CERTS set`, runners[0][1], withCa]);
    // What the #! line spares: Node started on bin/ic directly reads the bundle.
    runners.push([
      `node bin/ic sentinel check (past the #! line), NODE_EXTRA_CA_CERTS set`,
      () => [process.execPath, [BIN, 'sentinel', 'check', 'bench', 's', '--interval=0']],
      withCa,
    ]);
    for (const [which, lib] of libs) {
      const [name, body] = hooks[0];
      runners.push([`hook, ${name} (${which}), NODE_EXTRA_CA_CERTS set`, hook(lib, body), withCa]);
    }
  }
  const times = runners.map(() => []);
  const node = [];
  for (let i = 0; i < N + 2; i++) {
    const t = timeOnce(process.execPath, ['-e', '']);
    if (i >= 2) node.push(t.ms);
    runners.forEach(([, argv, extra], j) => {
      const [cmd, a] = argv();
      const start = process.hrtime.bigint();
      spawnSync(cmd, a, { cwd: project.dir, env: env(join(dir, 'bin'), extra), stdio: 'ignore' });
      if (i >= 2) times[j].push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  }
  const count = (argvOf, extra) => {
    rmSync(join(dir, 'count'), { force: true });
    const [cmd, a] = argvOf();
    spawnSync(cmd, a, { cwd: project.dir, env: env(join(dir, 'counting'), extra), stdio: 'ignore' });
    return existsSync(join(dir, 'count')) ? readFileSync(join(dir, 'count'), 'utf8').split('\n').filter(Boolean) : [];
  };
  const direct = median(times[0]);
  const directMin = Math.min(...times[0]);
  console.log(
    `\nHooks (median of ${N}, and the fastest run, less sensitive to a busy machine; ratios to one direct ic call, and to node -e '' = ${f1(median(node))} ms):\n`,
  );
  console.log("| run | ms | / direct ic | min ms | min / direct min | / node -e '' | ic processes | ic calls |");
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  runners.forEach(([name, argv, extra], j) => {
    const m = median(times[j]);
    const min = Math.min(...times[j]);
    // The direct calls name ic by its path; the hooks find it on PATH.
    const calls = argv()[0] !== 'bash' ? ['sentinel check bench s --interval=0'] : count(argv, extra);
    console.log(
      `| ${name} | ${f1(m)} | ${f2(m / direct)}x | ${f1(min)} | ${f2(min / directMin)}x | ${f2(m / median(node))}x | ${calls.length} | ${calls.join('; ')} |`,
    );
  });
  boundCost(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** The cost of bounding one call in time: bash watchdog vs GNU timeout vs none, on /bin/true. */
function boundCost(dir) {
  const calls = 300;
  const lib = join(ROOT, 'lib-intercore.sh');
  const variants = [
    ['none', '"$T" x'],
    ['bash watchdog (_intercore_bounded)', '_intercore_bounded "$T" x'],
    ...(spawnSync('bash', ['-c', 'type -P timeout']).status === 0 ? [['GNU timeout', 'timeout -k 1 10 "$T" x']] : []),
  ];
  const totals = variants.map(() => []);
  for (let round = 0; round < 5; round++) {
    variants.forEach(([, call], j) => {
      // Each call in a subshell, as _intercore_ic runs it.
      const script = `source "${lib}"; T=/bin/true; for ((i = 0; i < ${calls}; i++)); do out=$(${call}); done`;
      const start = process.hrtime.bigint();
      spawnSync('bash', ['-c', script], { stdio: 'ignore' });
      totals[j].push(Number(process.hrtime.bigint() - start) / 1e6 / calls);
    });
  }
  console.log(`\nTime bound per call (${calls} calls of /bin/true in a subshell, median of 5 rounds):\n`);
  console.log('| mechanism | ms per call | over none |');
  console.log('|---|---:|---:|');
  const none = median(totals[0]);
  variants.forEach(([name], j) => console.log(`| ${name} | ${f2(median(totals[j]))} | ${f2(median(totals[j]) - none)} |`));
}

// --- main ----------------------------------------------------------------------

console.log(
  `ic start-up benchmark: node ${process.version}, N=${N}, ${new Date().toISOString()}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
if (CA_SET && KEEP_CA) console.log(`NODE_EXTRA_CA_CERTS (${CA_SET}) is set here, and every process is timed with it (--keep-ca-certs).`);
else if (CA_SET) console.log(`NODE_EXTRA_CA_CERTS (${CA_SET}) is set here: no process is timed with it but the hook rows that say so.`);
const empty = makeProject();
const hooksOnly = args.has('--hooks');
const only = [...args]
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const emptyRows = hooksOnly
  ? []
  : measure(
      empty,
      cases(empty).filter((c) => !only || only.includes(c.name)),
    );
if (!hooksOnly) {
  console.log('\nEmpty database:\n');
  printTable(emptyRows);
  printCompared(emptyRows);
}
if (!only) hookFigures(empty);

if (args.has('--scale')) {
  const big = makeProject(seededDatabase());
  const hot = new Set([
    'sentinel check',
    'state get',
    'state set',
    'run current',
    'run phase',
    'run advance',
    'run agent add',
    'dispatch status',
    'gate check',
    'run tokens',
    'run budget',
    'events tail --limit=10',
    'events tail --all --limit=10',
  ]);
  const bigRows = measure(
    big,
    cases(big).filter((c) => hot.has(c.name)),
  );
  console.log("\nSeeded database (scale / empty, each as a ratio to node -e '' in its own run):\n");
  console.log('| command | empty ratio | seeded ratio | seeded / empty |');
  console.log('|---|---:|---:|---:|');
  for (const r of bigRows) {
    const e = emptyRows.find((x) => x.name === r.name);
    const er = e ? e.perNode : NaN;
    const br = r.perNode;
    console.log(`| ${r.name} | ${f2(er)}x | ${f2(br)}x | ${f2(br / er)} |`);
  }
  rmSync(big.dir, { recursive: true, force: true });
}

let ok = true;
if (args.has('--concurrency') || args.has('--scale')) {
  console.log('');
  ok = await concurrentClaims(empty);
}
rmSync(empty.dir, { recursive: true, force: true });
// Every acquired lock was released (release answers 1 silently otherwise).
const leftLocks = !only && existsSync(LOCK_DIR) ? readdirSync(LOCK_DIR).length : 0;
if (leftLocks) console.log(`\n${leftLocks} lock(s) of ${LOCK_NAME} were not released`);
rmSync(LOCK_DIR, { recursive: true, force: true });
process.exitCode = ok && !leftLocks && emptyRows.every((r) => !r.error) ? 0 : 1;
