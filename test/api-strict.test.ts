// Strict bodies everywhere: every JSON request body in the OpenAPI document (generated from the
// zod schemas the routes validate with) refuses unknown keys. A new route with a loose schema fails
// here by name: end its schema with `.strict()`.
import { expect, it } from 'vitest';
import { makeApp, testDeps } from './helpers/app.ts';

// The ACL bodies are OTRS records checked by the ACL validator, which names unknown keys itself
// (`ACL "X": unknown key "ConfigMatch.Properties.Usr"`); their schemas only document the shape.
const VALIDATED_ELSEWHERE = new Set(['AclRecord', 'AclPatch']);

type Schema = { $ref?: string; type?: string; additionalProperties?: unknown; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[] };

it('refuses unknown keys in every JSON request body', async () => {
  const app = makeApp(testDeps({} as never, 'sqlite'));
  const doc = (await (await app.request('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
    components: { schemas: Record<string, Schema> };
  };
  const loose: string[] = [];
  const check = (where: string, s: Schema | undefined, seen: Set<string>): void => {
    if (!s) return;
    if (s.$ref) {
      const name = s.$ref.split('/').pop()!;
      if (VALIDATED_ELSEWHERE.has(name) || seen.has(name)) return;
      return check(`${where} → ${name}`, doc.components.schemas[name], new Set([...seen, name]));
    }
    if (s.type === 'object' && s.properties && s.additionalProperties !== false) loose.push(where);
    for (const [k, p] of Object.entries(s.properties ?? {})) check(`${where}.${k}`, p, seen);
    check(`${where}[]`, s.items, seen);
    for (const x of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) check(where, x, seen);
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) check(`${method.toUpperCase()} ${path}`, op.requestBody?.content?.['application/json']?.schema, new Set());
  }
  expect(loose, 'These JSON bodies accept unknown keys; end their zod schemas with .strict()').toEqual([]);
});
