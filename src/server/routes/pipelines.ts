/**
 * `POST /v1/pipelines/runs` and `GET /v1/pipelines/runs/:id`: pipeline runs over the server's
 * dataset roots (see `pipeline-runs.ts` for where paths may point).
 *
 * Object-level authorization: starting a run needs `pipelines: execute`, `read` on the input
 * dataset and `write` on the output dataset (each on `datasets` itself or on `datasets:NAME`);
 * seeing one needs `pipelines: read` and `read` on both of its datasets. A run the caller may not
 * see and a run that does not exist get the same 404, so run ids cannot be probed.
 */
import { AuthorizationError } from '../../errors/authorization-error.js';
import { ServerError } from '../../errors/server-error.js';
import type { PipelineRunRecord, PipelineRunService } from '../pipeline-runs.js';
import { objectResource, type JsonSchema, type RouteSpec } from '../route.js';

const DATASET_NAME = '^[a-z0-9][a-z0-9._-]{0,63}$';

const location: JsonSchema = {
  type: 'object',
  required: ['dataset'],
  properties: {
    dataset: { type: 'string', pattern: DATASET_NAME, description: 'A dataset root or a registered dataset.' },
    path: {
      type: 'string',
      minLength: 1,
      maxLength: 1024,
      description: 'File below the dataset root (relative; required for a root, absent for a registered dataset).',
    },
  },
  additionalProperties: false,
};

const runView: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    mode: { type: 'string', enum: ['local', 'queued'] },
    pipeline: { type: 'string' },
    input: location,
    output: location,
    submittedBy: { type: 'string' },
    submittedAt: { type: 'string' },
    state: { type: 'string', enum: ['queued', 'running', 'completed', 'failed'] },
    recordsIn: { type: 'integer' },
    recordsOut: { type: 'integer' },
    rejected: { type: 'integer' },
    bytesDone: { type: 'integer' },
    bytesTotal: { type: 'integer' },
    finishedAt: { type: 'string' },
    errorCode: { type: 'string' },
  },
};

/** The public view of a run (the server-side instance marker stays in). */
function view(record: PipelineRunRecord): Record<string, unknown> {
  const { instance: _instance, ...rest } = record;
  return rest;
}

export function pipelineRoutes(runs: PipelineRunService): RouteSpec[] {
  return [
    {
      method: 'POST',
      url: '/v1/pipelines/runs',
      summary:
        'Start a pipeline run from the pipelines directory over dataset files (queued when Redis is configured, in the server otherwise)',
      tag: 'pipelines',
      access: { kind: 'permission', resource: 'pipelines', permission: 'execute' },
      audit: {
        type: 'data_modification',
        resource: (request) => {
          const body = request.body as { input?: { dataset?: string }; output?: { dataset?: string } } | undefined;
          return `pipelines/runs (${body?.input?.dataset ?? '?'} -> ${body?.output?.dataset ?? '?'})`;
        },
      },
      schema: {
        body: {
          type: 'object',
          required: ['pipeline', 'input', 'output'],
          properties: {
            pipeline: { type: 'string', minLength: 1, maxLength: 133, description: 'A .yaml file name in the pipelines directory.' },
            input: location,
            output: location,
          },
          additionalProperties: false,
        },
        response: { 202: { ...runView, properties: { ...(runView['properties'] as object), duplicate: { type: 'boolean' } } } },
      },
      handler: async (request, reply, { user, may }) => {
        const body = request.body as {
          pipeline: string;
          input: { dataset: string; path?: string };
          output: { dataset: string; path?: string };
        };
        // Permissions first, existence after: a dataset the caller may not use is a 403 whether
        // it exists or not.
        for (const [location, permission] of [
          [body.input, 'read'],
          [body.output, 'write'],
        ] as const) {
          if (!(await may('datasets', permission, location.dataset))) {
            throw new AuthorizationError(user?.id ?? 'anonymous', objectResource('datasets', location.dataset), permission);
          }
        }
        const { record, duplicate } = await runs.start(body, user?.id ?? 'anonymous');
        reply.code(202);
        return { ...view(record), duplicate };
      },
    },
    {
      method: 'GET',
      url: '/v1/pipelines/runs/:id',
      summary: "A pipeline run's state and progress (records in, out and rejected; an error code when it failed)",
      tag: 'pipelines',
      access: { kind: 'permission', resource: 'pipelines', permission: 'read' },
      audit: { type: 'data_access', resource: (request) => `pipelines/runs/${(request.params as { id: string }).id}` },
      schema: {
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: '^run-[0-9a-f]{32}$' } },
          additionalProperties: false,
        },
        response: { 200: runView },
      },
      handler: async (request, _reply, { may }) => {
        const { id } = request.params as { id: string };
        const record = runs.record(id);
        const visible =
          record !== undefined &&
          (await may('datasets', 'read', record.input.dataset)) &&
          (await may('datasets', 'read', record.output.dataset));
        if (!visible) throw new ServerError('VEIL_HTTP_NOT_FOUND', 'pipeline run not found');
        const status = await runs.status(id);
        if (status === undefined) throw new ServerError('VEIL_HTTP_NOT_FOUND', 'pipeline run not found');
        return view(status);
      },
    },
  ];
}
