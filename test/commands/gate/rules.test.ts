import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../../helpers';

describe('gate rules', () => {
  it('the built-in table along the default chain (Go v39: reflect → done; goal-formed → planned is off that chain), one line per check, with no database', async () => {
    const dir = tempDir();
    expect(await runIc(['gate', 'rules', '--db=../nowhere.sqlite'], dir)).toEqual({
      code: 0,
      stdout: [
        'brainstorm → brainstorm-reviewed\tartifact_exists (phase: brainstorm)',
        'brainstorm-reviewed → strategized\tartifact_exists (phase: brainstorm-reviewed)',
        'strategized → planned\tartifact_exists (phase: strategized)',
        'planned → executing\tartifact_exists (phase: planned)',
        'executing → review\tagents_complete',
        'review → polish\tverdict_exists',
        'reflect → done\tartifact_exists (phase: reflect)',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('--phase keeps the rules of moves from that phase; JSON arrays, [] when none match', async () => {
    const dir = tempDir();
    expect(await runIc(['gate', 'rules', '--phase=executing'], dir)).toEqual({
      code: 0,
      stdout: 'executing → review\tagents_complete\n',
      stderr: '',
    });
    expect(await runIc(['--json', 'gate', 'rules', '--phase=planned'], dir)).toEqual({
      code: 0,
      stdout: '[{"checks":[{"check":"artifact_exists","phase":"planned"}],"from":"planned","source":"default","to":"executing"}]\n',
      stderr: '',
    });
    expect(await runIc(['--json', 'gate', 'rules', '--phase=polish'], dir)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await runIc(['gate', 'rules', '--phase=nope'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await runIc(['--json', 'gate', 'rules', '--phase=nope'], dir)).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
