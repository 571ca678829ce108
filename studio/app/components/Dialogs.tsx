import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useStudio, useStudioStore } from '../store/context.js';
import { Modal } from './Modal.js';

export function Dialogs() {
  const dialog = useStudio((s) => s.dialog);
  if (!dialog) return null;
  return dialog.kind === 'save-version' ? <SaveVersionDialog /> : <ConflictDialog />;
}

function SaveVersionDialog() {
  const store = useStudioStore();
  const path = useStudio((s) => s.path);
  const next = useStudio((s) => (s.versions[0]?.number ?? 0) + 1);
  const errors = useStudio((s) => s.analysis?.diagnostics.filter((d) => d.severity === 'error').length ?? 0);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const close = () => store.getState().closeDialog();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!message.trim()) return;
    setBusy(true);
    const v = await store.getState().saveVersion(message.trim());
    setBusy(false);
    if (v) close();
  };
  return (
    <Modal title={`Save version ${next} of ${path}`} onClose={close} testId="save-version-dialog">
      <form onSubmit={submit}>
        <p className="modal-text">A version is an immutable copy of the policy text, numbered, with your message. The file is saved first.</p>
        {errors > 0 && <p className="modal-warning">The text has {errors} error{errors === 1 ? '' : 's'}: the version will not compile as it stands.</p>}
        <label className="field">
          <span className="field-label">Message</span>
          <input ref={input} className="input" value={message} onChange={(e) => setMessage(e.target.value)} placeholder="What changed, and why" data-testid="version-message" />
        </label>
        <div className="modal-actions">
          <button type="button" className="btn" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!message.trim() || busy} data-testid="version-submit">
            {busy ? 'Saving…' : 'Save version'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ConflictDialog() {
  const store = useStudioStore();
  const path = useStudio((s) => s.path);
  const close = () => store.getState().closeDialog();
  return (
    <Modal title="The file changed on disk" onClose={close} testId="conflict-dialog" autoFocus={false}>
      <p className="modal-text">
        {path} was changed by someone or something else since you opened it. Overwrite it with your text, or reload it and lose your unsaved changes?
      </p>
      <div className="modal-actions">
        <button className="btn" onClick={close}>
          Cancel
        </button>
        <button
          className="btn"
          onClick={() => {
            close();
            if (path) void store.getState().openFile(path);
          }}
        >
          Reload from disk
        </button>
        <button
          className="btn btn-danger"
          onClick={async () => {
            close();
            await store.getState().saveFile({ overwrite: true });
          }}
        >
          Overwrite
        </button>
      </div>
    </Modal>
  );
}
