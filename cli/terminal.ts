// Text for a terminal that carries values from the data (record ids, reasons): a control character
// in them (ESC starts a sequence that can move the cursor, erase lines, set the window title, or
// recolour what follows) is shown as an escape (`\u001b`) instead of acting on the terminal, so that
// a dataset cannot rewrite or hide the lines of a report printed from it.

// C0 controls but tab and newline, DEL, C1 controls (U+009B is a one-character CSI), and the
// bidirectional overrides and isolates, which reorder what a terminal shows.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalText(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
