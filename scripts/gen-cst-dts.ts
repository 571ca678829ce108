// Regenerates grammar/cst.d.ts from the grammar: `npx tsx scripts/gen-cst-dts.ts`.
// A test (grammar/cst.test.ts) fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cstDtsText } from '../grammar/cst-dts.js';

writeFileSync(fileURLToPath(new URL('../grammar/cst.d.ts', import.meta.url)), cstDtsText());
