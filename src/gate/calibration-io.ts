// --calibration-file as run advance and gate check take it: read before the
// transaction (a bad file is exit 2 with nothing written), and a stale one
// recorded inside it as an interspect event (calibration_file_stale).
import { resolve } from 'node:path';
import { insertStaleCalibrationEvent } from '../../generated/db/queries/gate';
import type { RunsRow } from '../../generated/entities';
import type { DbContext } from '../cli/context';
import type { Tx } from '../db/transaction';
import { toJson } from '../format/json';
import { type Calibration, loadCalibration } from './calibration';

/** --calibration-file, read (relative to the working directory); undefined when not given or missing. */
export function calibrationOf(ctx: Pick<DbContext, 'cwd' | 'now'>, path: string | undefined): Calibration | undefined {
  if (path === undefined || path === '') return undefined;
  return loadCalibration(resolve(ctx.cwd, path), ctx.now());
}

/** A stale calibration file was ignored: an interspect event calibration_file_stale says so (in the caller's transaction). */
export function recordStaleCalibration(
  tx: Tx,
  calibration: Calibration | undefined,
  run: Pick<RunsRow, 'id' | 'project_dir'> | undefined,
): void {
  if (!calibration?.stale) return;
  insertStaleCalibrationEvent(tx.db, {
    run_id: run?.id ?? null,
    context_json: toJson({ event_type: 'calibration_file_stale', path: calibration.path }),
    project_dir: run?.project_dir ?? null,
    now: tx.now,
  });
}
