// The parameter panel: every param with its value as written, its type and its doc. A value is
// edited in place; the planner type-checks it, and a refusal shows under the field, as does a
// value typed but not applied yet.

import { useState, type FormEvent } from 'react';
import type { ParamDecl } from '../../../grammar/ast.js';
import type { ValueType } from '../../../runtime/graph.js';
import { useStudio } from '../store/context.js';
import { params, textAt } from '../visual/ast.js';
import { useEngine } from '../visual/engine.js';
import { useAct, useEditable } from '../visual/hooks.js';
import '../visual/visual.css';

export function typeLabel(t: ValueType | undefined): string {
  if (!t) return '';
  if (t.kind === 'enum') return `enum(${t.values.map((v) => `"${v}"`).join(', ')})`;
  if (t.kind === 'scalar_list') return `list of ${typeLabel(t.item)}`;
  if (t.kind === 'list' || t.kind === 'record') return t.kind;
  return t.kind;
}

export function ParamPanel() {
  const engine = useEngine();
  const text = useStudio((s) => s.text);
  const types = useStudio((s) => s.compiled?.graph.params);
  if (!engine) return <p className="panel-hint">Loading…</p>;
  const ast = engine.parsed(text).ast;
  const list = params(ast);
  return (
    <div className="param-panel" data-testid="param-panel">
      {list.length === 0 && <p className="panel-hint">This policy has no params.</p>}
      {list.map((p) => (
        <ParamEditor key={p.id.name} param={p} text={text} type={typeLabel(types?.find((t) => t.id === p.id.name)?.type)} />
      ))}
    </div>
  );
}

/** One param: its value as written, editable; Enter (or Set) applies, Escape restores. */
export function ParamEditor({ param, text, type }: { param: ParamDecl; text: string; type?: string }) {
  const id = param.id.name;
  const written = textAt(text, param.value.range);
  const editable = useEditable();
  const act = useAct();
  const [value, setValue] = useState(written);
  const [error, setError] = useState<string>();
  const [base, setBase] = useState(written);
  // The text changed under the field (undo, an edit in the editor): show the new value.
  if (base !== written) {
    setBase(written);
    setValue(written);
    setError(undefined);
  }
  // A value typed but not applied: the text still says `written`, and the field says so.
  const pending = editable && !error && value.trim() !== written;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (value.trim() === written) return;
    const r = await act({ kind: 'set-param', param: id, value: value.trim() }, { quiet: true });
    setError(r.ok ? undefined : r.reason);
  };
  return (
    <form className={`param-row${error ? ' has-error' : ''}${pending ? ' is-pending' : ''}`} onSubmit={submit} data-testid={`param-${id}`}>
      <label className="param-head" htmlFor={`param-input-${id}`}>
        <span className="param-id mono">{id}</span>
        {type && <span className="param-type">{type}</span>}
      </label>
      <div className="param-edit">
        <input
          id={`param-input-${id}`}
          className="input input-small mono"
          value={value}
          disabled={!editable}
          aria-invalid={!!error}
          aria-describedby={error ? `param-error-${id}` : pending ? `param-pending-${id}` : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            setError(undefined);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setValue(written);
              setError(undefined);
            }
          }}
          data-testid={`param-input-${id}`}
        />
        <button type="submit" className="btn btn-small" disabled={!editable || value.trim() === written} aria-label={`Set ${id}`}>
          Set
        </button>
      </div>
      {pending && (
        <div className="param-pending" id={`param-pending-${id}`} data-testid={`param-pending-${id}`}>
          Not applied: the text says {written}. Press Enter or Set to apply, Escape to restore.
        </div>
      )}
      {param.doc && <div className="param-doc">{param.doc.value}</div>}
      {error && (
        <div className="field-error" id={`param-error-${id}`} role="alert" data-testid={`param-error-${id}`}>
          {error}
        </div>
      )}
    </form>
  );
}
