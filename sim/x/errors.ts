// The bodies X answers errors with (RFC 7807 problem objects, and the `errors` array of a
// partial result), so that clients meet the same shapes they will meet in production.

export interface Problem {
  title: string;
  type: string;
  status: number;
  detail: string;
}

function problem(status: number, title: string, detail = title): Problem {
  return { title, type: 'about:blank', status, detail };
}

export const unauthorized = () => problem(401, 'Unauthorized');
export const forbidden = (detail = 'Forbidden') => problem(403, 'Forbidden', detail);
export const tooManyRequests = () => problem(429, 'Too Many Requests');
export const serverError = (status: 500 | 503) => problem(status, status === 500 ? 'Internal Server Error' : 'Service Unavailable');
export const notFoundRoute = () => problem(404, 'Not Found', 'Sorry, that page does not exist.');

export interface InvalidRequest {
  errors: { parameters: Record<string, string[]>; message: string }[];
  title: 'Invalid Request';
  detail: 'One or more parameters to your request was invalid.';
  type: 'https://api.twitter.com/2/problems/invalid-request';
}

export function invalidRequest(parameter: string, value: string, message: string): InvalidRequest {
  return {
    errors: [{ parameters: { [parameter]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  };
}

/** Thrown by handlers to answer with an error body; the route wrapper turns it into a response. */
export class XApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Problem | InvalidRequest,
  ) {
    super('detail' in body ? body.detail : 'X API error');
  }
}

export const invalid = (parameter: string, value: string, message: string) => new XApiError(400, invalidRequest(parameter, value, message));

export function userNotFound(username: string) {
  return {
    value: username,
    detail: `Could not find user with username: [${username}].`,
    title: 'Not Found Error',
    resource_type: 'user',
    parameter: 'username',
    resource_id: username,
    type: 'https://api.twitter.com/2/problems/resource-not-found',
  };
}
