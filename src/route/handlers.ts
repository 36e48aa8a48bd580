// The route commands: the model each agent got and the rule that chose it,
// kept as facts (route model|batch|dispatch|table, which read an
// application's routing YAML, are not in ic).
import { insertRoutingDecision, listRoutingDecisions } from '../../generated/db/queries/route';
import type { RouteListArgs, RouteListData, RouteRecordArgs, RouteRecordData } from '../../generated/types';
import type { DbContext } from '../cli/context';
import { workingDirectory } from '../session/project';

/** What route list returns at most when --limit is 0 or less (Go's). */
const UNBOUNDED_LIST = 1000;

/** "" (an unset shell variable) means not given, as Go's NULLIF(?, '') has it. */
const given = (value: string | undefined): string | null => (value ? value : null);
/** A filter of 0 or less is no filter (Go's). */
const positive = (n: number | undefined): number | null => (n !== undefined && n > 0 ? n : null);

export function record(ctx: DbContext, args: RouteRecordArgs): RouteRecordData {
  const row = ctx.write((tx) =>
    insertRoutingDecision(tx.db, {
      dispatch_id: given(args.dispatch),
      run_id: given(args.run),
      session_id: given(args.session),
      bead_id: given(args.bead),
      project_dir: args.project || workingDirectory(ctx),
      phase: given(args.phase),
      agent: args.agent,
      category: given(args.category),
      selected_model: args.model,
      rule_matched: args.rule,
      floor_applied: args.floor_applied,
      floor_from: given(args.floor_from),
      floor_to: given(args.floor_to),
      candidates: given(args.candidates),
      excluded: given(args.excluded),
      policy_hash: given(args.policy_hash),
      override_id: given(args.override_id),
      complexity: args.complexity === 0 ? null : args.complexity,
      context_json: given(args.context),
      now: tx.now,
    }),
  )!;
  return { agent: args.agent, id: row.id, model: args.model, rule: args.rule };
}

export function list(ctx: DbContext, args: RouteListArgs): RouteListData {
  return listRoutingDecisions(ctx.db, {
    project_dir: given(args.project),
    agent: given(args.agent),
    selected_model: given(args.model),
    dispatch_id: given(args.dispatch),
    since: positive(args.since),
    until: positive(args.until),
    limit: args.limit > 0 ? args.limit : UNBOUNDED_LIST,
  });
}
