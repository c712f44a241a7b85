import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Substrings without which a JSON text cannot hold a `__proto__` or `constructor` key, escaped
 * or not: an escaped ASCII letter is always `\u00XX`.
 */
const SUSPECT = ['__proto__', 'constructor', '\\u00'];

/**
 * The JSON body parser of the guard: `JSON.parse` straight away when the text cannot hold a
 * prototype-poisoning key, Fastify's own parser (secure-json-parse, which rejects `__proto__`
 * and `constructor.prototype` keys) otherwise. Such a key, written plainly or with `\u` escapes,
 * needs one of three substrings in the raw text (`__proto__`, `constructor`, `\\u00`); most bodies hold none, and three substring
 * searches cost less than secure-json-parse's two regular expressions over the whole body.
 * Invalid or empty bodies also go to Fastify's parser, so errors stay exactly its own. The body
 * is still read by Fastify under the body limit, counted in bytes.
 *
 * @example
 * app.removeContentTypeParser('application/json');
 * registerJsonParser(app);
 */
export function registerJsonParser(app: FastifyInstance): void {
  const secure = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, function parseJson(request: FastifyRequest, body: string, done) {
    if (body.length > 0 && !SUSPECT.some((s) => body.includes(s))) {
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        return secure(request, body, done);
      }
      return done(null, value);
    }
    secure(request, body, done);
  });
}
