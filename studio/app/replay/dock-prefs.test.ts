import { describe, expect, it } from 'vitest';
import type { Prefs } from './datasets.js';
import { dockHeight, rememberDock, rememberedDock } from './dock-prefs.js';

const memory = (): Prefs & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k), set: (k, v) => void map.set(k, v) };
};

describe('the dock remembered', () => {
  it('comes back open on its tab at its height, and folded on Test when nothing or garbage was kept', () => {
    const prefs = memory();
    expect(rememberedDock(prefs)).toEqual({ open: false, tab: 'test' });
    rememberDock(prefs, { open: true, tab: 'runs', height: 251.6 });
    expect(rememberedDock(prefs)).toEqual({ open: true, tab: 'runs', height: 252 });
    prefs.map.set('verdict.dock', '{"open":"yes","tab":"nope","height":-3}');
    expect(rememberedDock(prefs)).toEqual({ open: false, tab: 'test' });
    prefs.map.set('verdict.dock', '{not json');
    expect(rememberedDock(prefs)).toEqual({ open: false, tab: 'test' });
    expect(rememberedDock(undefined)).toEqual({ open: false, tab: 'test' });
  });

  it('takes about a third of the window by default and always leaves the workbench 300 px', () => {
    expect(dockHeight(undefined, 800)).toBe(272);
    expect(dockHeight(undefined, 900)).toBe(306);
    expect(dockHeight(undefined, 1400)).toBe(340);
    expect(dockHeight(500, 1400)).toBe(500);
    expect(dockHeight(700, 800)).toBe(800 - 64 - 300);
    expect(dockHeight(20, 800)).toBe(140);
  });
});
