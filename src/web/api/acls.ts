import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  AclImportError,
  aclStatus,
  copyAcl,
  deployAcls,
  exportAcls,
  getAcl,
  importAcls,
  listAcls,
  saveAcl,
} from '../../core/acl-admin/index.ts';
import { invalid } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import type { AppEnv } from '../context.ts';
import {
  AclImportErrorSchema,
  AclImportResultSchema,
  AclPatchSchema,
  AclRecordSchema,
  AclSchema,
  AclStatusSchema,
  DeployResultSchema,
  presentAcl,
} from './acl-schemas.ts';
import { apiRouter, errorResponses, IdParam, json, listOf, PageQuery } from './base.ts';
import { adminActor } from './guard.ts';

// /api/v1/acls (DESIGN contracts): AdminACL over HTTP, administrators only. Edits and imports are
// drafts; POST /deploy puts the valid ACLs into effect. Nothing is deleted (DELETE answers 405).

export const aclsApi = apiRouter();
aclsApi.openAPIRegistry.register('AclPatch', AclPatchSchema);
const tags = ['ACLs'];

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const yamlBody = { schema: { type: 'string' as const, description: "An ACL export in OTRS's YAML format." } };
const ref = (name: string) => ({ schema: { $ref: `#/components/schemas/${name}` } });

function mediaType(c: Context<AppEnv>): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

async function jsonObject(c: Context<AppEnv>): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw invalid('body', t('api.malformedJson'));
  }
}

function unsupported(c: Context<AppEnv>) {
  return c.json(
    { error: { code: 'unsupported_media_type', message: t('api.aclMediaType') } },
    415,
  );
}

aclsApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: PageQuery },
    responses: { 200: json(listOf(AclSchema, 'AclList'), 'Every ACL (drafts included), by name, each with its deploy state.'), ...errorResponses },
  }),
  async (c) => {
    adminActor(c);
    const { limit, offset } = c.req.valid('query');
    const { items } = await listAcls(c.get('deps').db);
    return c.json({ items: items.slice(offset, offset + limit).map(presentAcl), total: items.length }, 200);
  },
);

aclsApi.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags,
    description:
      'With `Content-Type: application/yaml` (or text/yaml): imports an OTRS ACL export. ID and audit fields of the file are ignored; an ACL whose name exists is an error unless `overwrite=true`, which updates it. Any error imports nothing and answers 400 naming the ACL and the key. With `application/json`: creates one ACL from an OTRS-shaped record. Either way the ACLs are drafts until deployed.',
    request: {
      query: z.object({ overwrite: z.enum(['true', 'false', '1', '0']).optional().openapi({ description: 'Import: update ACLs of the same name.' }) }),
      body: { required: true, content: { 'application/yaml': yamlBody, 'text/yaml': yamlBody, 'application/json': ref('AclRecord') } },
    },
    responses: {
      200: json(AclImportResultSchema, 'Imported; only updates.'),
      201: { description: 'Imported with at least one ACL added (AclImportResult), or the ACL created (Acl).', content: { 'application/json': { schema: z.union([AclImportResultSchema, AclSchema]) } } },
      ...errorResponses,
      400: json(AclImportErrorSchema, 'Nothing was imported or created; `field` names the ACL and the key (e.g. `ACL "Name".ConfigMatch.Properties.Usr`).'),
      415: { description: 'Neither YAML nor JSON.' },
    },
  }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    const type = mediaType(c);
    if (YAML_TYPES.includes(type)) {
      const text = await c.req.text();
      if (Buffer.byteLength(text) > MAX_FILE_BYTES) throw invalid('file', t('api.fileTooLarge', { mb: 5 }));
      const overwrite = ['true', '1'].includes(c.req.valid('query').overwrite ?? '');
      try {
        const result = await importAcls(db, a, text, { overwrite });
        return c.json(result, result.added.length ? 201 : 200);
      } catch (e) {
        if (!(e instanceof AclImportError)) throw e;
        return c.json({ error: { code: e.code, message: e.message, field: e.field ?? 'file', failed: [...e.failed], issues: [...e.issues] } }, 400);
      }
    }
    if (type === 'application/json') {
      const row = await saveAcl(db, a, null, await jsonObject(c));
      return c.json(presentAcl(await getAcl(db, row.id)), 201);
    }
    return unsupported(c);
  },
);

aclsApi.openapi(
  createRoute({
    method: 'get',
    path: '/export',
    tags,
    description: 'All ACLs (invalid ones too), or the one named, as YAML that OTRS imports (the file AdminACL → "Export ACLs" writes).',
    request: { query: z.object({ name: z.string().optional().openapi({ description: 'Export only this ACL (name compared ignoring case).' }) }) },
    responses: { 200: { description: 'The export.', content: { 'application/yaml': yamlBody } }, ...errorResponses },
  }),
  async (c) => {
    adminActor(c);
    const name = c.req.valid('query').name;
    const yaml = await exportAcls(c.get('deps').db, name);
    return c.body(yaml, 200, { 'content-type': 'application/yaml; charset=utf-8', 'content-disposition': 'attachment; filename="Export_ACL.yml"' });
  },
);

aclsApi.openapi(
  createRoute({
    method: 'get',
    path: '/status',
    tags,
    responses: { 200: json(AclStatusSchema, 'Whether the ACLs in effect are the ones stored, and the last deployment.'), ...errorResponses },
  }),
  async (c) => {
    adminActor(c);
    return c.json(await aclStatus(c.get('deps').db), 200);
  },
);

aclsApi.openapi(
  createRoute({
    method: 'post',
    path: '/deploy',
    tags,
    description: '"Deploy ACLs": the valid ACLs, as stored now, take effect for every agent (invalid ones are left out).',
    responses: { 200: json(DeployResultSchema, 'Deployed.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    return c.json(await deployAcls(c.get('deps').db, a), 200);
  },
);

aclsApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(AclSchema, 'An ACL.'), ...errorResponses } }),
  async (c) => {
    adminActor(c);
    return c.json(presentAcl(await getAcl(c.get('deps').db, c.req.valid('param').id)), 200);
  },
);

aclsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    description: 'Changes the fields given (OTRS names; `validity` may stand for ValidID). The change is a draft until deployed.',
    request: { params: IdParam, body: { required: true, content: { 'application/json': ref('AclPatch') } } },
    responses: { 200: json(AclSchema, 'Updated.'), ...errorResponses, 415: { description: 'Not JSON.' } },
  }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    if (mediaType(c) !== 'application/json') return unsupported(c);
    const row = await saveAcl(db, a, c.req.valid('param').id, await jsonObject(c));
    return c.json(presentAcl(await getAcl(db, row.id)), 200);
  },
);

aclsApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/copy',
    tags,
    description: 'OTRS\'s "Copy": the same ACL named "<Name> (copy)" (or "(copy 2)", … when taken), as a draft.',
    request: { params: IdParam },
    responses: { 201: json(AclSchema, 'The copy.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    const row = await copyAcl(db, a, c.req.valid('param').id);
    return c.json(presentAcl(await getAcl(db, row.id)), 201);
  },
);

// The record schema is referenced by name from the bodies above.
aclsApi.openAPIRegistry.register('AclRecord', AclRecordSchema);
