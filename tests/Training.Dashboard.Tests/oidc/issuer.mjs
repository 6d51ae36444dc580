// A local OpenID provider for the dashboard's sign-in test: oidc-provider (certified by the OpenID Foundation) on
// http://127.0.0.1:PORT, with its development login form (any login, any password). It knows one public client, the
// dashboard, and issues JWT access tokens for the API (audience training-api) carrying the claims the API reads:
// name, role and region, as a Keycloak realm's protocol mappers would.
//   node issuer.mjs PORT REDIRECT_URI CLIENT_ID
// Prints "ready ISSUER" once it listens; stops when its standard input closes (the test's process ends).
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, redirectUri, clientId] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const audience = 'training-api';
const resource = 'urn:training:api'; // a resource indicator must be an absolute URI; the token's aud is the audience

// The people who may sign in, by login; any other login is refused.
const accounts = {
  'heyuan-bureau': { name: '河源市人社局（统一认证）', role: 'bureau', region: '441600' },
};

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId, token_endpoint_auth_method: 'none', application_type: 'web',
    redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'],
  }],
  jwks: { keys: [{ ...key, kid: 'test-issuer', alg: 'RS256', use: 'sig' }] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'training'],
  claims: { openid: ['sub'], profile: ['name'] },
  async findAccount(_ctx, id) {
    const account = accounts[id];
    return account && { accountId: id, claims: () => ({ sub: id, name: account.name }) };
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== resource) throw new Error(`unknown resource ${indicator}`);
        return { scope: 'training', audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  async extraTokenClaims(_ctx, token) {
    const account = accounts[token.accountId];
    return account && { name: account.name, role: account.role, region: account.region };
  },
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some(uri => new URL(uri).origin === origin),
});

// An unknown login is refused by findAccount, and the form asks again.
provider.listen(Number(port), '127.0.0.1', () => console.log(`ready ${issuer}`));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
