// Text output of the session commands that no template can say.
import type { SessionListData } from '../../generated/types';
import { localDateTime } from '../format/time';

/**
 * session list: one line a session, `[started] id  project  active|ended`,
 * then ` model=<m>` and ` tokens=<input+output>` when there are some; a blank
 * line and the count. None: "No sessions found.". (Go's text, byte for byte.)
 */
export function listText(sessions: SessionListData): string {
  if (sessions.length === 0) return 'No sessions found.';
  const lines = sessions.map((s) => {
    const status = s.ended_at === null ? 'active' : 'ended';
    const model = s.model !== null ? ` model=${s.model}` : '';
    const billing = s.input_tokens + s.output_tokens;
    const tokens = billing > 0 ? ` tokens=${billing}` : '';
    return `[${localDateTime(s.started_at, 'minutes')}] ${s.session_id}  ${s.project_dir}  ${status}${model}${tokens}`;
  });
  return `${lines.join('\n')}\n\n${sessions.length} session(s)`;
}
