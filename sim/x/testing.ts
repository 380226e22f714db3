// Helpers for the simulator's own tests: a running simulator with one account, a twitter-api-v2
// client aimed at it, and a hand-signed fetch for requests the library would not make.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { TwitterApi } from 'twitter-api-v2';
import { controlClient } from '../common/control.ts';
import { baseUrl, formParams, hmacSha1Signature, percentEncode, signatureBaseString, type Param } from './oauth.ts';
import { createXSimulator, type RunningXSimulator, type XSimulator, type XSimulatorOptions } from './server.ts';
import type { SimCredentials } from './state.ts';

export interface TestAccount extends SimCredentials {
  id: string;
  username: string;
  name: string;
}

export interface SimFixture {
  sim: XSimulator;
  running: RunningXSimulator;
  account: TestAccount;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  client(credentials?: Partial<SimCredentials>): TwitterApi;
  signedFetch(method: string, pathAndQuery: string, options?: SignOptions): Promise<Response>;
  close(): Promise<void>;
}

export interface SignOptions {
  credentials?: Partial<SimCredentials>;
  json?: unknown;
  form?: Record<string, string>;
  timestamp?: number;
  nonce?: string;
  /** Sign for this address instead of the one the request goes to. */
  signedUrl?: string;
  /** Send this form body instead of the signed one. */
  sentForm?: Record<string, string>;
  /** A multipart body: its fields are not part of the OAuth signature. */
  multipart?: FormData;
  signal?: AbortSignal;
}

export async function startSim(options: XSimulatorOptions = {}): Promise<SimFixture> {
  const sim = createXSimulator(options);
  const running = await sim.listen(0);
  const control = controlClient(running.url);
  const account = await control<TestAccount>('POST', '/_sim/accounts', { username: 'parleyhelp', name: 'Parley Help' });

  const client = (credentials: Partial<SimCredentials> = {}) => {
    const c = { ...account, ...credentials };
    return new TwitterApi(
      { appKey: c.consumerKey, appSecret: c.consumerSecret, accessToken: c.accessToken, accessSecret: c.accessTokenSecret },
      {
        httpAgent: new http.Agent(),
        plugins: [
          {
            onBeforeRequestConfig({ params }) {
              const url = new URL(params.url);
              params.url = running.url + url.pathname + url.search;
            },
          },
        ],
      },
    );
  };

  const signedFetch = (method: string, pathAndQuery: string, opts: SignOptions = {}) => {
    const c = { ...account, ...opts.credentials };
    const url = new URL(running.url + pathAndQuery);
    const oauth: Param[] = [
      ['oauth_consumer_key', c.consumerKey],
      ['oauth_nonce', opts.nonce ?? randomBytes(16).toString('hex')],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(opts.timestamp ?? Math.floor(Date.now() / 1000))],
      ['oauth_token', c.accessToken],
      ['oauth_version', '1.0'],
    ];
    const signedUrl = new URL(opts.signedUrl ?? url.href);
    const params = [...oauth, ...formParams(signedUrl.search), ...(opts.form ? Object.entries(opts.form) : [])];
    const base = signatureBaseString(method, baseUrl(signedUrl.protocol, signedUrl.host, signedUrl.pathname), params);
    const signature = hmacSha1Signature(base, c.consumerSecret, c.accessTokenSecret);
    const signed: Param[] = [...oauth, ['oauth_signature', signature]];
    const header = 'OAuth ' + signed.map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ');
    const headers: Record<string, string> = { authorization: header };
    let body: string | FormData | undefined;
    if (opts.multipart) {
      body = opts.multipart;
    } else if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(opts.sentForm ?? opts.form).toString();
    }
    return fetch(url, { method, headers, ...(body === undefined ? {} : { body }), ...(opts.signal ? { signal: opts.signal } : {}) });
  };

  return { sim, running, account, control, client, signedFetch, close: () => running.close() };
}
