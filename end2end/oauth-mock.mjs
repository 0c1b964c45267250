// A local OAuth2/OIDC provider for tests (npm `oauth2-mock-server`): it approves every
// authorization request at once and says the person is MOCK_SUB (named MOCK_NAME).
//
//   node oauth-mock.mjs [port]      prints "listening <issuer url>" when ready (port 0: any)
//
// It checks PKCE: a token request without the right code_verifier fails.
import { OAuth2Server } from 'oauth2-mock-server';

const port = Number(process.argv[2] ?? process.env.MOCK_PORT ?? 8089);
const sub = process.env.MOCK_SUB ?? 'mock-resident-1';
const name = process.env.MOCK_NAME ?? '모의 주민';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on('beforeUserinfo', (response) => {
  response.body = { sub, name };
});
await server.start(port, '127.0.0.1');
console.log(`listening ${server.issuer.url}`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
