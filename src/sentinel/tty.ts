// sentinel list drawn for a person at a terminal (spec `output.tty`): a
// header, aligned columns, and when each last fired as how long ago. Piped,
// the contract's text (the epoch) is printed instead.
import type { SentinelListData } from '../../generated/types';
import type { Context } from '../cli/context';
import { ago, table } from '../format/table';

export function sentinelTable(rows: SentinelListData, _text: string, ctx: Context): string {
  const now = ctx.now();
  return table(
    ['NAME', 'SCOPE', 'LAST FIRED'],
    rows.map((r) => [r.name, r.scope_id, ago(r.last_fired, now)]),
    'no sentinels',
  );
}
