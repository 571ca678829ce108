// The studio server's public face: start it on a workspace, and the shapes its API returns.

export { startStudio, type Studio, type StudioOptions } from './server.js';
export type { Version, VersionWithText } from './versions.js';
export type { DatasetFormat, WorkspaceListing } from './workspace.js';
export { packageRoot, defaultAppDir } from './root.js';
export type { Run, RunHeadline, RunInputs, RunProgress, RunSide, RunStatus } from './runs-store.js';
export type { RunWithReport, SwapLine } from './runs.js';
export type { RecordRow, RecordsPage } from './records.js';
