import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../../grammar/edit/index.js';
import type { EditorCommands } from '../store/context.js';
import { createStudioStore } from '../store/index.js';
import { POLICY } from '../testing/policy.js';
import { inProcessAnalyzer, memoryApi } from '../testing/fakes.js';
import { perform } from './act.js';

type Batches = Parameters<NonNullable<EditorCommands['applyEdits']>>[0];

/** A studio on the sample policy, with an editor double that records what it is asked to apply. */
async function studio(options: { editor?: boolean } = {}) {
  const api = memoryApi({ 'a.policy': POLICY });
  const analyzer = inProcessAnalyzer();
  const store = createStudioStore({ api, analyzer });
  await store.getState().loadWorkspace();
  await analyzer.idle();
  const steps: { batches: Batches; focus?: { start: number; end: number } }[] = [];
  const commands: EditorCommands =
    options.editor === false
      ? {}
      : {
          // Like the editor: the batches in order, as one undo step, then the text to the store.
          applyEdits(batches, focus) {
            steps.push({ batches, focus });
            let text = store.getState().text;
            for (const b of batches) text = applyEdits(text, [...b]);
            store.getState().setText(text);
            return true;
          },
        };
  return { store, analyzer, steps, commands, s: () => store.getState() };
}

describe('performing a visual act', () => {
  it('applies the planned edit through the editor as one step, and selects where the act landed', async () => {
    const { store, commands, steps, s } = await studio();
    const r = await perform(store, commands, { kind: 'set-switch', rule: 'listed', state: 'off' });
    const expected = POLICY.replace('rule listed "Blacklisted" shadow {', 'rule listed "Blacklisted" off {');
    expect(r).toEqual({ ok: true, text: expected });
    expect(s().text).toBe(expected);
    expect(steps).toHaveLength(1);
    expect(steps[0].batches).toHaveLength(1);
    // The smallest edit: the switch word, nothing around it.
    expect(steps[0].batches[0].map((e) => POLICY.slice(e.start, e.end))).toEqual(['shadow']);
    const f = steps[0].focus!;
    expect(expected.slice(f.start, f.end)).toBe('off');
  });

  it('plans each act of a list on the text the previous one left, all in one undo step', async () => {
    const { store, commands, steps, s } = await studio();
    const r = await perform(store, commands, [
      { kind: 'order-rules', ruleset: 'screen', rules: ['few_contacts', 'listed', 'underage', 'bureau_dpd'] },
      { kind: 'set-order', ruleset: 'screen', order: 'written' },
    ]);
    expect(r.ok).toBe(true);
    expect(steps).toHaveLength(1);
    expect(steps[0].batches).toHaveLength(2);
    expect([...s().text.matchAll(/^\s*rule (\w+)/gm)].map((m) => m[1])).toEqual(['few_contacts', 'listed', 'underage', 'bureau_dpd']);
    expect(s().text).toContain('ruleset screen "Screening" order written {');
  });

  it('skips a step that changes nothing, and refuses when no step changes anything', async () => {
    const { store, commands, steps, s } = await studio();
    const r = await perform(store, commands, [
      { kind: 'set-switch', rule: 'listed', state: 'shadow' },
      { kind: 'set-param', param: 'min_age', value: '21' },
    ]);
    expect(r.ok).toBe(true);
    expect(steps[0].batches).toHaveLength(1);
    expect(s().text).toContain('param min_age = 21 "Minimum age at application"');

    const none = await perform(store, commands, { kind: 'set-switch', rule: 'listed', state: 'shadow' });
    expect(none).toMatchObject({ ok: false, code: 'no-change' });
    expect(steps).toHaveLength(1);
  });

  it('shows a refusal with its reason and changes nothing; a quiet act leaves the message to its caller', async () => {
    const { store, commands, steps, s } = await studio();
    const r = await perform(store, commands, { kind: 'set-switch', rule: 'underage', state: 'off' });
    expect(r).toMatchObject({ ok: false, code: 'required-rule' });
    expect(!r.ok && r.reason).toMatch(/underage.*required/);
    expect(s().toast).toMatchObject({ kind: 'error', text: !r.ok && r.reason });
    expect(steps).toEqual([]);
    expect(s().text).toBe(POLICY);

    const seq = s().toast!.seq;
    const quiet = await perform(store, commands, { kind: 'set-param', param: 'min_age', value: '"old"' }, { quiet: true });
    expect(quiet).toMatchObject({ ok: false, code: 'type-mismatch' });
    expect(s().toast!.seq).toBe(seq);
    expect(s().text).toBe(POLICY);
  });

  it('refuses the whole list when one act in it is refused: nothing is half done', async () => {
    const { store, commands, steps, s } = await studio();
    const r = await perform(store, commands, [
      { kind: 'set-param', param: 'min_age', value: '21' },
      { kind: 'set-switch', rule: 'nope', state: 'off' },
    ]);
    expect(r).toMatchObject({ ok: false, code: 'unknown-name' });
    expect(steps).toEqual([]);
    expect(s().text).toBe(POLICY);
  });

  it('asks a function request with the text as it is at the time of the act, and shows its refusal', async () => {
    const { store, commands, s } = await studio();
    s().setText(POLICY.replace('base 500', 'base 510'));
    let seen = '';
    const r = await perform(store, commands, ({ text, ast }) => {
      seen = text;
      const screen = ast.declarations.find((d) => d.kind === 'RuleSet' && d.id.name === 'screen');
      return screen ? { kind: 'set-switch', rule: 'listed', state: 'on' } : 'no rule set';
    });
    expect(seen).toContain('base 510');
    expect(r.ok).toBe(true);
    expect(s().text).toContain('base 510');
    expect(s().text).toContain('rule listed "Blacklisted" {');

    const refused = await perform(store, commands, () => 'Select a rule first.');
    expect(refused).toEqual({ ok: false, code: 'not-allowed', reason: 'Select a rule first.' });
    expect(s().toast?.text).toBe('Select a rule first.');
  });

  it('refuses an act read off a stale graph, but not one that names what it changes', async () => {
    const { store, commands, analyzer, s } = await studio();
    s().setText(POLICY.replace('then reject "under age"', 'then rejekt "under age"'));
    await analyzer.idle();
    const stale = await perform(store, commands, { kind: 'move-rule', ruleset: 'screen', rule: 'listed', to: 0 }, { fresh: true });
    expect(stale).toMatchObject({ ok: false, code: 'stale' });
    expect(s().text).toContain('rejekt');
    expect(s().text.indexOf('rule listed')).toBeGreaterThan(s().text.indexOf('rule bureau_dpd'));
  });

  it('refuses to edit a saved version on screen, or when no policy is open', async () => {
    const { store, commands, steps, s } = await studio();
    store.setState({ viewing: { number: 3 } as never });
    const r = await perform(store, commands, { kind: 'set-param', param: 'min_age', value: '21' });
    expect(r).toMatchObject({ ok: false, code: 'read-only' });
    expect(!r.ok && r.reason).toMatch(/Version 3 is read-only/);
    store.setState({ viewing: undefined, path: undefined });
    expect(await perform(store, commands, { kind: 'set-param', param: 'min_age', value: '21' })).toMatchObject({ ok: false, code: 'no-policy' });
    expect(steps).toEqual([]);
    expect(s().text).toBe(POLICY);
  });

  it('sets the store’s text itself before the editor is up', async () => {
    const { store, commands, s } = await studio({ editor: false });
    const r = await perform(store, commands, { kind: 'set-param', param: 'max_dpd', value: '60' });
    expect(r.ok).toBe(true);
    expect(s().text).toContain('param max_dpd = 60\n');
  });
});
