// What the studio's browser tests open: the sample workspace, and the sample application's cases.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ready } from './driver.js';
import { openStudio, type StudioSession } from './harness.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The sample application's test cases (samples/application.cases.json). */
export const CASES = JSON.parse(readFileSync(join(ROOT, 'samples/application.cases.json'), 'utf8')) as { name: string; record: unknown }[];

/** The studio on a copy of samples/, with application.policy open and analysed. */
export async function openSamples(): Promise<StudioSession> {
  const s = await openStudio();
  await ready(s.page, 'application.policy');
  return s;
}
