import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

describe('run budget', () => {
  it('no budget (or an unknown run): says so, budget null in JSON, exit 0', async () => {
    const p = await project();
    p.db().prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g')").run();
    expect(await p.ic(['run', 'budget', 'run00001'])).toEqual({ code: 0, stdout: 'Run run00001: no budget set\n', stderr: '' });
    expect(await p.ic(['--json', 'run', 'budget', 'nosuch01'])).toEqual({
      code: 0,
      stdout: '{"budget":null,"message":"no budget set","run_id":"nosuch01"}\n',
      stderr: '',
    });
  });

  it('OK, WARNING and EXCEEDED as they are now, every time (exit 1 while exceeded); writes nothing', async () => {
    const p = await project();
    const db = p.db();
    db.prepare("INSERT INTO runs (id, project_dir, goal, token_budget, budget_warn_pct) VALUES ('run00001', '/p', 'g', 100000, 80)").run();
    db.prepare(
      "INSERT INTO dispatches (id, project_dir, scope_id, input_tokens, output_tokens) VALUES ('d0000001', '/p', 'run00001', 5000, 2000)",
    ).run();
    expect(await p.ic(['run', 'budget', 'run00001'])).toEqual({
      code: 0,
      stdout: 'Run: run00001\n  Budget:    100000 tokens\n  Used:      7000 tokens (7.0%)\n  Warn at:   80%\n  Status:    OK\n',
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'budget', 'run00001'])).stdout).toBe(
      '{"budget":100000,"exceeded":false,"run_id":"run00001","usage_pct":7.000000000000001,"used":7000,"warn_pct":80,"warning":false}\n',
    );
    db.prepare("UPDATE dispatches SET input_tokens = 78000 WHERE id = 'd0000001'").run();
    const before = snapshot(db);
    for (let i = 0; i < 2; i++) {
      expect(await p.ic(['run', 'budget', 'run00001'])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('  Status:    WARNING\n'),
      });
    }
    db.prepare("UPDATE dispatches SET input_tokens = 98000 WHERE id = 'd0000001'").run();
    for (let i = 0; i < 2; i++) {
      expect(await p.ic(['run', 'budget', 'run00001'])).toEqual({
        code: 1,
        stdout: 'Run: run00001\n  Budget:    100000 tokens\n  Used:      100000 tokens (100.0%)\n  Warn at:   80%\n  Status:    EXCEEDED\n',
        stderr: '',
      });
    }
    expect(JSON.parse((await p.ic(['--json', 'run', 'budget', 'run00001'])).stdout)).toMatchObject({ exceeded: true, warning: true });
    // Nothing written by the checks (only the two token updates above changed the database).
    db.prepare("UPDATE dispatches SET input_tokens = 78000 WHERE id = 'd0000001'").run();
    expect(snapshot(db)).toBe(before);
  });
});
