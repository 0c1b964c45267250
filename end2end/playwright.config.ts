import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { limits } from './timing';

// The server under test: the binary `cargo leptos build` made, on a fresh SQLite database with
// demo data, on a port of its own. Browsers: Debian's Chromium (Playwright cannot download its
// own here), once with JavaScript (hydrated) and once without (pure server rendering).
const port = Number(process.env.E2E_PORT ?? 3100);
// Made once by the main process; the workers (which load this file again) inherit it.
const dataDir = (process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), "ud-e2e-")));
const binary = process.env.E2E_BINARY ?? 'target/debug/uri-dongne';
const oauthPort = Number(process.env.E2E_OAUTH_PORT ?? 3199);
const oauth = `http://localhost:${oauthPort}`;
// The tests run the operator CLI against the same database (to get sign-in codes).
process.env.E2E_DATABASE_URL = `sqlite://${dataDir}/e2e.db?mode=rwc`;
// The server's warnings go to a file a failed test prints its part of (tests/server-log.ts).
const serverLog = (process.env.E2E_SERVER_LOG ??= join(dataDir, 'server.log'));
process.env.E2E_BINARY_PATH = `../${binary}`;

export default defineConfig({
  testDir: './tests',
  timeout: limits.test,
  expect: { timeout: limits.expect },
  workers: 2,
  reporter: [['list']],
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    actionTimeout: limits.action,
    navigationTimeout: limits.navigation,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true } },
    { name: 'js-off', use: { javaScriptEnabled: false } },
  ],
  webServer: [
  {
    // A real OAuth2 server, locally (npm oauth2-mock-server): sign-in through a provider.
    command: `node oauth-mock.mjs ${oauthPort}`,
    url: `${oauth}/.well-known/openid-configuration`,
    timeout: limits.server,
    reuseExistingServer: false,
    stdout: 'ignore',
    env: { MOCK_SUB: 'e2e-mock-resident', MOCK_NAME: '모의 주민' },
  },
  {
    // (Playwright runs the command in a shell: its log, stdout, goes to the file)
    command: `exec ${binary} serve > '${serverLog}'`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: limits.server,
    reuseExistingServer: false,
    stderr: 'pipe',
    env: {
      UD_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${dataDir}/e2e.db?mode=rwc`,
      UD_DEMO: 'true',
      UD_PUBLIC_URL: `http://127.0.0.1:${port}`,
      UD_OAUTH_PROVIDERS: 'mock',
      UD_OAUTH_MOCK_PRESET: 'generic',
      UD_OAUTH_MOCK_LABEL: 'Mock',
      UD_OAUTH_MOCK_CLIENT_ID: 'uri-dongne-e2e',
      UD_OAUTH_MOCK_CLIENT_SECRET: 'e2e-secret',
      UD_OAUTH_MOCK_AUTH_URL: `${oauth}/authorize`,
      UD_OAUTH_MOCK_TOKEN_URL: `${oauth}/token`,
      UD_OAUTH_MOCK_USERINFO_URL: `${oauth}/userinfo`,
      UD_OAUTH_MOCK_SCOPES: 'openid profile',
      UD_OAUTH_MOCK_NAME_CLAIM: 'name',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_HASH_FILES: 'true',
      // the front end is the release build (`make e2e`): its hash file is not beside the debug
      // binary (an absolute name is read as it is)
      LEPTOS_HASH_FILE_NAME: process.env.E2E_HASH_FILE ?? resolve(__dirname, '../target/release/hash.txt'),
      RUST_LOG: 'warn',
      NO_COLOR: '1',
    },
  },
  ],
});
