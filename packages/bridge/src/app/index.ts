export { runServer } from './run-server.js';
export type { RunServerDeps, RunningServer } from './run-server.js';
