// Every check the checker runs, in one list. Each lives in checks/<name>.ts with a doc comment
// stating its invariant and its own tests; registry.test.ts checks that together they cover every
// checker code in grammar/codes.ts.

import type { Check } from './context.js';
import { aprCap } from './checks/apr-cap.js';
import { binCoverage } from './checks/bin-coverage.js';
import { binType } from './checks/bin-type.js';
import { conditions } from './checks/conditions.js';
import { costOrder } from './checks/cost-order.js';
import { duplicates } from './checks/duplicates.js';
import { elseRequired } from './checks/else-required.js';
import { emptyNodes } from './checks/empty-nodes.js';
import { enumValues } from './checks/enum-values.js';
import { expressionTypes } from './checks/expression-types.js';
import { flowPaths } from './checks/flow-paths.js';
import { flowShape } from './checks/flow-shape.js';
import { functionCalls } from './checks/function-calls.js';
import { hitField } from './checks/hit-field.js';
import { itScope } from './checks/it-scope.js';
import { letCycles } from './checks/let-cycles.js';
import { params } from './checks/params.js';
import { scoreComputed } from './checks/score-computed.js';
import { terms } from './checks/terms.js';
import { unknownNames } from './checks/unknown-names.js';
import { unknownTypes } from './checks/unknown-types.js';
import { unused } from './checks/unused.js';

export const CHECKS: readonly Check[] = [
  // names and declarations
  duplicates,
  unknownNames,
  unknownTypes,
  functionCalls,
  unused,
  // types
  expressionTypes,
  enumValues,
  itScope,
  conditions,
  params,
  letCycles,
  hitField,
  terms,
  scoreComputed,
  // flow
  flowShape,
  flowPaths,
  // scorecards
  binType,
  binCoverage,
  // decisions, rules
  elseRequired,
  aprCap,
  costOrder,
  emptyNodes,
];

export type { Check, CheckContext } from './context.js';
