// The JSON helper every simulator's tests use to play the other side through its control API.
export type Control = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

export function controlClient(baseUrl: string): Control {
  return async <T,>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(baseUrl + path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
    const data = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(data)}`);
    return data;
  };
}
