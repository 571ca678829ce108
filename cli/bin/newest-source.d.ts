// Types for cli/bin/newest-source.js (plain JS so that it runs before the CLI is built).

export function newestSource(dir: string): number;
export function mtimeOf(file: string): number;
