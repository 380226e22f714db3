import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { X_PRICES } from './core/billing/prices.ts';

describe('PARLEY_X_PRICES and PARLEY_METRICS_TOKEN', () => {
  it('default to X prices and localhost-only metrics', () => {
    const c = loadConfig({});
    expect(c.xPrices).toEqual(X_PRICES);
    expect(c.metricsToken).toBeNull();
  });

  it('take overrides and a token', () => {
    const c = loadConfig({ PARLEY_X_PRICES: '{"write":{"postWithUrl":0.25}}', PARLEY_METRICS_TOKEN: 'a-long-enough-token-123' });
    expect(c.xPrices.write.postWithUrl).toBe(0.25);
    expect(c.xPrices.read).toEqual(X_PRICES.read);
    expect(c.metricsToken).toBe('a-long-enough-token-123');
  });

  it('stop the start with a message naming what is wrong', () => {
    expect(() => loadConfig({ PARLEY_X_PRICES: '{"write":{"tweet":1}}' })).toThrow(ConfigError);
    expect(() => loadConfig({ PARLEY_X_PRICES: '{"write":{"tweet":1}}' })).toThrow(/PARLEY_X_PRICES/);
    expect(() => loadConfig({ PARLEY_METRICS_TOKEN: 'short' })).toThrow(/PARLEY_METRICS_TOKEN: must be at least 16/);
  });
});
