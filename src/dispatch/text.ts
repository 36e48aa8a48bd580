// dispatch retry's text: Go's tab-separated line, which differs with
// --escalate; nothing on stdout when the chain is exhausted (the reason goes
// to stderr).
import type { DispatchRetryData } from '../../generated/types';

export function retryText(d: DispatchRetryData): string {
  if (d.exhausted) return '';
  if (d.escalated !== undefined) return `${d.new_id}\tmodel=${d.model ?? ''}\tescalated=${d.escalated}\tbackoff_ms=${d.backoff_ms}`;
  return `${d.new_id}\tattempt=${d.attempt}\tbackoff_ms=${d.backoff_ms}`;
}
