// src/db/transaction.ts: a write transaction reads its clock once it holds
// the write lock (issue 31, class 3: a writer that read the clock and then
// waited for the lock stamped its rows before rows committed ahead of it).
import { describe, expect, it, vi } from 'vitest';
import { createContext } from '../../src/cli/context';
import { writeTransaction } from '../../src/db/transaction';
import { project } from '../helpers';

describe('write transactions: the time is read under the lock', () => {
  it('writeTransaction calls its clock inside BEGIN IMMEDIATE, once', async () => {
    const p = await project();
    const db = p.db();
    const inTx: boolean[] = [];
    const { result } = writeTransaction(
      db,
      () => {
        inTx.push(db.inTransaction);
        return 42;
      },
      (tx) => tx.now,
    );
    expect({ result, inTx }).toEqual({ result: 42, inTx: [true] });
  });

  it("a command's ctx.write stamps the transaction after BEGIN IMMEDIATE", async () => {
    const p = await project();
    const ctx = createContext({
      path: 'test',
      globals: { timeout: 100 } as never,
      cwd: p.dir,
      stderr: () => {},
    });
    try {
      const db = ctx.db;
      const inTx: boolean[] = [];
      const real = Date.now.bind(Date);
      const spy = vi.spyOn(Date, 'now').mockImplementation(() => {
        inTx.push(db.inTransaction);
        return real();
      });
      try {
        ctx.write((tx) => tx.now);
      } finally {
        spy.mockRestore();
      }
      expect(inTx.length).toBeGreaterThan(0);
      expect(inTx.every(Boolean)).toBe(true);
    } finally {
      ctx.close();
    }
  });
});
