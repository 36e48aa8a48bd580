// Shared by the scheduler command tests: a project with the fake dispatch
// scripts of the dispatch tests (and their check that no agent is left
// running), and jobs queued the ways Go queues them.
import { expect } from 'vitest';
import { dispatchProject } from '../dispatch/common';

export type SchedulerProject = Awaited<ReturnType<typeof dispatchProject>>;
export { dispatchProject as schedulerProject };

export type Row = Record<string, unknown>;
export const job = (p: SchedulerProject, id: string) => p.db().prepare('SELECT * FROM scheduler_jobs WHERE id = ?').get(id) as Row;

/** Queues a job with `dispatch spawn --scheduled` running the named fake script; returns its id. */
export async function schedule(p: SchedulerProject, script: string, ...flags: string[]): Promise<string> {
  const r = await p.ic(['dispatch', 'spawn', '--scheduled', '--prompt-file=prompt.md', `--dispatch-sh=${p.script(script)}`, ...flags]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/^[0-9a-f]{32}\n$/);
  return r.stdout.trim();
}

/** Queues a job with `scheduler submit`; returns its id. */
export async function submit(p: SchedulerProject, ...flags: string[]): Promise<string> {
  const r = await p.ic(['scheduler', 'submit', '--prompt-file=prompt.md', ...flags]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return r.stdout.trim();
}
