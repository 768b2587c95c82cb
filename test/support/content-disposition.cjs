// content-disposition 3's `create` for @fastify/static under Jest (jest.config.js says why), from
// the CommonJS 1.x release, whose default export is the same function.
const contentDisposition = require('../../node_modules/content-disposition/index.js');

module.exports = { create: contentDisposition, parse: contentDisposition.parse };
