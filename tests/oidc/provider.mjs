// A real OpenID Provider for the tests: the npm package oidc-provider (OpenID Certified), pinned in
// tools/package.json, with one confidential client and its development-only login pages.
//
// Started by tests/oidc/support.py as `node tests/oidc/provider.mjs` with, in the environment:
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET   the test client's credentials (client_secret_basic)
//   OIDC_REDIRECT_URIS                   comma-separated callback URLs the client may use
// It listens on a free port of 127.0.0.1 and prints one line of JSON, {"issuer": "http://..."}.
//
// Who signs in is chosen by the login name typed on the provider's page (any password works):
//   ada@example.com             email ada@example.com, verified
//   unverified:ada@example.com  email ada@example.com, NOT verified
//   anything-without-at-sign    no email at all
// The login name is also the `sub` claim, so the same name is the same person every time.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const tools = createRequire(new URL("../../tools/package.json", import.meta.url));
const { default: Provider } = await import(pathToFileURL(tools.resolve("oidc-provider")).href);

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

const UNVERIFIED = "unverified:";

function emailClaims(login) {
  const unverified = login.startsWith(UNVERIFIED);
  const address = unverified ? login.slice(UNVERIFIED.length) : login;
  return address.includes("@") ? { email: address, email_verified: !unverified } : {};
}

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: required("OIDC_CLIENT_ID"),
      client_secret: required("OIDC_CLIENT_SECRET"),
      redirect_uris: required("OIDC_REDIRECT_URIS").split(","),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic"
    }
  ],
  // Every authorization request must carry an S256 code challenge, whatever the client type.
  pkce: { methods: ["S256"], required: () => true },
  claims: { openid: ["sub"], email: ["email", "email_verified"] },
  jwks: { keys: [{ ...signingKey, kid: randomUUID(), use: "sig", alg: "RS256" }] },
  cookies: { keys: [randomUUID()] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    return {
      accountId: sub,
      async claims() {
        return { sub, ...emailClaims(sub) };
      }
    };
  },
  // A first-party client: the scopes it asks for are granted without a consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      return ctx.oidc.provider.Grant.find(grantId);
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  }
});

server.on("request", provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => process.exit(0));
}
