export { ADMIN_TOKEN_ENV, ADMIN_TOKEN_FILE, ADMIN_TOKEN_MIN_LENGTH, AdminTokenError, loadAdminToken } from './admin-token.js';
export type { AdminToken, AdminTokenErrorCode } from './admin-token.js';
export { createAdminServer, sendError } from './create-admin-server.js';
export type { AdminAddress, AdminRouteConfig, AdminRoutes, AdminServer, AdminServerOptions } from './create-admin-server.js';
