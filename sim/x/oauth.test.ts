import { describe, expect, it } from 'vitest';
import { baseUrl, hmacSha1Signature, parseOAuthHeader, percentEncode, signatureBaseString, signaturesMatch } from './oauth.ts';

// The worked example of X's "Creating a signature" page.
const example = {
  params: [
    ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
    ['include_entities', 'true'],
    ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
    ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '1318622958'],
    ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
    ['oauth_version', '1.0'],
  ] as const,
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};

describe('OAuth 1.0a signature', () => {
  it('reproduces the signature of X documentation example', () => {
    const base = signatureBaseString('post', 'https://api.x.com/1.1/statuses/update.json', example.params);
    expect(base.startsWith('POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key')).toBe(true);
    expect(base).toContain('status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521');
    expect(hmacSha1Signature(base, example.consumerSecret, example.tokenSecret)).toBe('Ls93hJiZbQ3akF3HF3x1Bz8/zU4=');
  });

  it('gives the older example signature for the api.twitter.com host', () => {
    const base = signatureBaseString('POST', 'https://api.twitter.com/1.1/statuses/update.json', example.params);
    expect(hmacSha1Signature(base, example.consumerSecret, example.tokenSecret)).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
  });

  it('sorts by encoded name, then by encoded value', () => {
    const base = signatureBaseString('GET', 'http://h/p', [['b', '2'], ['a', 'z'], ['a', 'y'], ['a b', '1']]);
    expect(decodeURIComponent(base.split('&')[2] ?? '')).toBe('a=y&a=z&a%20b=1&b=2');
  });

  it('percent-encodes as RFC 3986, not as encodeURIComponent', () => {
    expect(percentEncode("!*'()~-._ ")).toBe('%21%2A%27%28%29~-._%20');
    expect(percentEncode('é☃')).toBe('%C3%A9%E2%98%83');
  });

  it('keeps the port in the base URL only when it is not the default', () => {
    expect(baseUrl('http:', 'Example.COM:80', '/2/x')).toBe('http://example.com/2/x');
    expect(baseUrl('https', 'example.com:443', '/2/x')).toBe('https://example.com/2/x');
    expect(baseUrl('http', '127.0.0.1:4100', '/2/x')).toBe('http://127.0.0.1:4100/2/x');
  });

  it('compares signatures exactly', () => {
    expect(signaturesMatch('abc=', 'abc=')).toBe(true);
    expect(signaturesMatch('abc=', 'abd=')).toBe(false);
    expect(signaturesMatch('abc=', 'abc')).toBe(false);
  });
});

describe('parseOAuthHeader', () => {
  it('decodes the values and sets the signature apart', () => {
    const header = parseOAuthHeader(
      'OAuth realm="x", oauth_consumer_key="ck", oauth_nonce="n%2B1", oauth_signature="a%2Fb%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="1-t", oauth_version="1.0"',
    );
    expect(header).toMatchObject({ consumerKey: 'ck', nonce: 'n+1', signature: 'a/b=', token: '1-t', version: '1.0' });
    expect(header?.params.map(([n]) => n)).not.toContain('realm');
    expect(header?.params.map(([n]) => n)).not.toContain('oauth_signature');
  });

  it.each([
    ['missing', undefined],
    ['another scheme', 'Bearer abc'],
    ['without a signature', 'OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="t"'],
    ['with a repeated parameter', 'OAuth oauth_consumer_key="ck", oauth_consumer_key="ck2", oauth_nonce="n", oauth_signature="s", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="t"'],
    ['with a broken escape', 'OAuth oauth_consumer_key="%E0%A4%A", oauth_nonce="n", oauth_signature="s", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="t"'],
  ])('refuses a header %s', (_label, value) => {
    expect(parseOAuthHeader(value)).toBeNull();
  });
});
