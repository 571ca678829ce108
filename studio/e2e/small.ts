// The small policy the visual-editing browser tests edit (studio/app/testing/policy.ts), opened in a
// studio of its own.

import { POLICY } from '../app/testing/policy.js';
import { byTest, ready } from './driver.js';
import { openStudio, type StudioSession } from './harness.js';

/** The small policy with its rule set in written order: the order on screen is the order in the text. */
export const WRITTEN = POLICY.replace('ruleset screen "Screening" order cost {', 'ruleset screen "Screening" {');

/** WRITTEN with a second decision `manual`, reached from a second branch condition: an edge can be rewired there. */
export const WITH_MANUAL = WRITTEN.replace('  when applicant.channel == "partner" -> score\n', '  when applicant.channel == "partner" -> score\n  when applicant.age > 60 -> manual\n').replace(
  '\nflow {',
  '\ndecision manual "Manual check" {\n  else => review "manual check"\n}\n\nflow {',
);

/** A studio with `small.policy` (and `extra` files) open, its graph drawn. */
export async function openSmall(text = WRITTEN, extra: Record<string, string> = {}): Promise<StudioSession> {
  const s = await openStudio({ files: { 'small.policy': text, ...extra } });
  await ready(s.page, 'small.policy');
  await byTest(s.page, 'node-screen').waitFor();
  return s;
}
