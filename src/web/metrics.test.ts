import { describe, expect, it } from 'vitest';
import { metricsAccess } from './metrics.ts';

const TOKEN = 'metrics-token-0123456789';

describe('metricsAccess', () => {
  it.each([
    ['loopback, no token configured', { remoteAddress: '127.0.0.1', forwarded: false, bearer: null, token: null }, true],
    ['IPv6 loopback', { remoteAddress: '::1', forwarded: false, bearer: null, token: null }, true],
    ['IPv4-mapped loopback', { remoteAddress: '::ffff:127.0.0.1', forwarded: false, bearer: null, token: TOKEN }, true],
    ['loopback but forwarded by a proxy', { remoteAddress: '127.0.0.1', forwarded: true, bearer: null, token: null }, false],
    ['another host', { remoteAddress: '10.0.0.5', forwarded: false, bearer: null, token: null }, false],
    ['another host with the token', { remoteAddress: '10.0.0.5', forwarded: true, bearer: TOKEN, token: TOKEN }, true],
    ['another host with a wrong token', { remoteAddress: '10.0.0.5', forwarded: false, bearer: 'metrics-token-9876543210', token: TOKEN }, false],
    ['a wrong token from loopback is refused too', { remoteAddress: '127.0.0.1', forwarded: false, bearer: 'nope', token: TOKEN }, false],
    ['a bearer when no token is configured', { remoteAddress: '10.0.0.5', forwarded: false, bearer: 'anything', token: null }, false],
    ['no socket at all', { remoteAddress: null, forwarded: false, bearer: null, token: null }, false],
  ])('%s → %s', (_name, input, allowed) => {
    expect(metricsAccess(input)).toBe(allowed);
  });
});
