// Every visual act on the canvas ends here: planned as exact text edits by the grammar's planner,
// applied to the editor's model as one undoable step (Ctrl+Z undoes a drag), and from there to the
// store's text through the editor's own change path. The text stays the one copy of the truth.

import type { Policy } from '../../../grammar/ast.js';
import type { TextEdit, VisualAct } from '../../../grammar/edit/index.js';
import type { EditorCommands } from '../store/context.js';
import { isStale, type StudioStore } from '../store/index.js';
import { loadEngine } from './engine.js';

export interface ActContext {
  /** The working text the acts are planned on, and its parse. */
  text: string;
  ast: Policy;
}

/** The acts to perform, or a function of the text as it is now (a string is a refusal). */
export type ActRequest = VisualAct | VisualAct[] | ((ctx: ActContext) => VisualAct | VisualAct[] | string);

export type ActOutcome = { ok: true; text: string } | { ok: false; code: string; reason: string };

export interface ActOptions {
  /** The act was read off the graph by position (a drag): refuse it while the graph is stale. */
  fresh?: boolean;
  /** Report a refusal to the caller only (a form shows it inline), not as a toast. */
  quiet?: boolean;
}

export async function perform(store: StudioStore, commands: EditorCommands, request: ActRequest, options: ActOptions = {}): Promise<ActOutcome> {
  const refuse = (code: string, reason: string): ActOutcome => {
    if (!options.quiet) store.getState().notify('error', reason);
    return { ok: false, code, reason };
  };
  const before = store.getState();
  if (before.viewing) return refuse('read-only', `Version ${before.viewing.number} is read-only: close it to edit the working text.`);
  if (!before.path) return refuse('no-policy', 'No policy is open.');
  let engine;
  try {
    engine = await loadEngine();
  } catch (e) {
    return refuse('not-loaded', `The visual editor failed to load: ${e instanceof Error ? e.message : String(e)}`);
  }
  // The text may have moved on while the planner loaded: plan on the text as it is now.
  const s = store.getState();
  if (s.viewing) return refuse('read-only', `Version ${s.viewing.number} is read-only: close it to edit the working text.`);
  if (options.fresh && isStale(s)) return refuse('stale', 'The graph is out of date while the text has errors: fix them first, or make this change in the text.');
  const text = s.text;
  const asked = typeof request === 'function' ? request({ text, ast: engine.parsed(text).ast }) : request;
  if (typeof asked === 'string') return refuse('not-allowed', asked);
  const acts = Array.isArray(asked) ? asked : [asked];

  const batches: TextEdit[][] = [];
  let current = text;
  let focus: { start: number; end: number } | undefined;
  for (const act of acts) {
    const plan = engine.planEdit(current, act, engine.parsed(current));
    if (!plan.ok) return refuse(plan.code, plan.reason);
    // A step that changes nothing (`order written` on a rule set already in written order) is skipped.
    if (plan.edits.length === 0) continue;
    batches.push(plan.edits);
    current = engine.applyEdits(current, plan.edits);
    focus = plan.focus;
  }
  if (batches.length === 0) return refuse('no-change', 'Nothing to change: the text already says so.');
  // Through the editor when it is up (its undo stack); before it has loaded, straight to the store.
  if (!commands.applyEdits?.(batches, focus)) store.getState().setText(current);
  return { ok: true, text: current };
}
