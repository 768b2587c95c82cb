/**
 * The ledger's HTTP application: controllers, the edge (validation, problems, security, rate
 * limit, tracing) and the console. A lib, so that every process that serves or drives the API in
 * process (the server, the CLI's seed, the tests and the bench) composes the same one.
 */
export { AppModule, createApp, servedRoutes, type ServedRoute } from './app';
export { contractFiles } from './http/openapi';
