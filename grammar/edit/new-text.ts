// Text for what an act adds (a rule, a declaration, a condition, a param value), in the
// formatter's layout (grammar/format.ts): two-space indent, one construct per line, expressions
// printed on one line the way `verdict fmt` prints them.

import type { Expr } from '../ast.js';
import { hasErrors } from '../diagnostics.js';
import { expr as printExpr, quote } from '../format.js';
import { parse } from '../index.js';
import { refuse, type Refusal } from './context.js';
import { INDENT } from './text.js';
import type { NewNode, NewRule } from './types.js';

const HEAD = 'policy edit_probe "probe" version 1\n';

/**
 * Reads one expression the author typed (a condition, a characteristic), printed back in the
 * canonical layout. Refused when it is not exactly one complete expression.
 */
export function readExpr(source: string, what: string): { expr: Expr; text: string } | Refusal {
  const trimmed = source.trim();
  if (!trimmed) return refuse('invalid-value', `${what} is empty`);
  const probe = `${HEAD}let probe = ${trimmed}\n`;
  const { ast, diagnostics } = parse(probe);
  const d = ast.declarations;
  if (hasErrors(diagnostics) || d.length !== 1 || d[0].kind !== 'Let' || ast.comments.length) {
    const first = diagnostics.find((x) => x.severity === 'error');
    return refuse('invalid-value', `${what} \`${trimmed}\` does not read as one expression${first ? `: ${first.message}` : ''}`);
  }
  let text: string;
  try {
    text = printExpr(d[0].expr);
  } catch {
    return refuse('invalid-value', `${what} \`${trimmed}\` does not read as one expression`);
  }
  return { expr: d[0].expr, text };
}

const titled = (title: string | undefined): string => (title ? ` ${quote(title)}` : '');
const reasoned = (reason: string | undefined): string => (reason ? ` ${quote(reason)}` : '');

/** A rule block at `indent`, its lines joined by `\n`, no final newline. */
export function ruleText(rule: NewRule, indent: string, when: string): string {
  return [
    `${indent}rule ${rule.id}${titled(rule.title)} {`,
    `${indent}${INDENT}when ${when}`,
    `${indent}${INDENT}then ${rule.outcome}${reasoned(rule.reason)}`,
    `${indent}}`,
  ].join('\n');
}

/** The declaration of a new node, no final newline. `exprs` holds its checked, printed expressions. */
export function nodeText(node: NewNode, exprs: { rules?: string[]; when?: string; characteristic?: string; base?: string }): string {
  const head = (word: string) => `${word} ${node.id}${titled(node.title)}`;
  switch (node.kind) {
    case 'ruleset': {
      const rules = node.rules ?? [];
      if (!rules.length) return `${head('ruleset')} {}`;
      return [`${head('ruleset')} {`, ...rules.map((r, i) => ruleText(r, INDENT, exprs.rules![i])), '}'].join('\n');
    }
    case 'branch':
      return [`${head('branch')} {`, `${INDENT}when ${exprs.when} -> ${node.then}`, `${INDENT}else -> ${node.else}`, '}'].join('\n');
    case 'scorecard':
      return [
        `${head('scorecard')} {`,
        ...(exprs.base !== undefined ? [`${INDENT}base ${exprs.base}`] : []),
        `${INDENT}${exprs.characteristic} {`,
        `${INDENT}${INDENT}else => 0`,
        `${INDENT}}`,
        '}',
      ].join('\n');
    case 'decision':
      return [`${head('decision')} {`, `${INDENT}else => ${node.outcome}${reasoned(node.reason)}`, '}'].join('\n');
  }
}

/** A number as a scorecard base: an optional minus sign and a number literal. */
export function readBase(source: string): string | Refusal {
  const t = source.trim();
  if (/^-?[0-9][0-9_]*(\.[0-9][0-9_]*)?$/.test(t) && !/__|_$|_\./.test(t)) return t;
  return refuse('invalid-value', `the base of a scorecard is a number, not \`${t}\``);
}
