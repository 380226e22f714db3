import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Secure headers with a CSP that forbids inline scripts and styles: every script and stylesheet
 * comes from /static. Avatars may come from the network's image hosts over https.
 */
export function securityHeaders() {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      // Customers' avatars and media are served by Parley itself (attachments/avatars.ts): no
      // network's host is ever asked by an agent's browser.
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    crossOriginEmbedderPolicy: false,
    // HSTS over plain HTTP would pin a browser to an https:// that may not exist: see hsts().
    strictTransportSecurity: false,
  });
}

/** Strict-Transport-Security only where the site is really served over HTTPS. */
export function hsts(secureCookies: boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const https = secureCookies || new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
    if (https) c.header('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
  };
}
