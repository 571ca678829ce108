import { generateCstDts } from 'chevrotain';
import { parser } from './parser.js';

const HEADER = '// DO NOT EDIT: generated from grammar/parser.ts by scripts/gen-cst-dts.ts.\n\n';

/** The CST type declarations of the grammar, as committed in grammar/cst.d.ts. */
export function cstDtsText(): string {
  return HEADER + generateCstDts(parser.getGAstProductions(), { visitorInterfaceName: 'PolicyCstVisitor' });
}
