/**
 * Compliance over HTTP: the report per framework (JSON or HTML), a score summary, and
 * requirement and evidence CRUD. Object-level: a grant on `compliance:gdpr` opens GDPR only;
 * a role permission on `compliance` opens every framework.
 */
import type { ComplianceManager } from '../../compliance/compliance-manager.js';
import { ComplianceFramework } from '../../compliance/catalogue.js';
import { renderHtml } from '../../compliance/report-render.js';
import { ComplianceRequirementStatus } from '../../compliance/requirement.js';
import type { ServerServices } from '../context.js';
import type { JsonSchema, RouteSpec } from '../route.js';

const FRAMEWORKS = Object.values(ComplianceFramework);
const STATUSES = Object.values(ComplianceRequirementStatus);

const frameworkParam: JsonSchema = {
  type: 'object',
  required: ['framework'],
  properties: { framework: { type: 'string', enum: FRAMEWORKS } },
};
const requirementParams: JsonSchema = {
  type: 'object',
  required: ['framework', 'code'],
  properties: {
    framework: { type: 'string', enum: FRAMEWORKS },
    code: { type: 'string', minLength: 1, maxLength: 128 },
  },
};
const anyObject: JsonSchema = { type: 'object', additionalProperties: true };

export function complianceRoutes(_services: ServerServices, compliance: ComplianceManager): RouteSpec[] {
  const frameworkOf = (request: { params: unknown }): string | undefined =>
    (request.params as { framework?: string }).framework;
  const read = { kind: 'permission', resource: 'compliance', permission: 'read', object: frameworkOf } as const;
  const write = { kind: 'permission', resource: 'compliance', permission: 'write', object: frameworkOf } as const;
  const auditResource = (request: { params: unknown }): string => `compliance/${frameworkOf(request) ?? ''}`;
  const idOf = (request: { params: unknown }): string => {
    const { framework, code } = request.params as { framework: string; code: string };
    return `${framework}:${code}`;
  };
  return [
    {
      method: 'GET',
      url: '/v1/compliance/:framework/report',
      summary: 'Compliance report for one framework (format=json or html)',
      tag: 'compliance',
      access: read,
      produces: ['application/json', 'text/html'],
      audit: { type: 'compliance_check', resource: auditResource },
      schema: {
        params: frameworkParam,
        querystring: {
          type: 'object',
          properties: { format: { type: 'string', enum: ['json', 'html'] } },
          additionalProperties: false,
        },
        response: { 200: anyObject },
      },
      handler: async (request, reply) => {
        const framework = frameworkOf(request) as ComplianceFramework;
        const report = await compliance.generateComplianceReport({ framework });
        if ((request.query as { format?: string }).format === 'html') {
          reply.type('text/html; charset=utf-8');
          return renderHtml(report);
        }
        return report;
      },
    },
    {
      method: 'GET',
      url: '/v1/compliance/summary',
      summary: 'Score per loaded framework the caller may read',
      tag: 'compliance',
      access: { kind: 'authenticated' },
      audit: { type: 'compliance_check', resource: () => 'compliance' },
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              frameworks: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    framework: { type: 'string' },
                    name: { type: 'string' },
                    score: { type: 'number' },
                    requirements: { type: 'integer' },
                    attention: { type: 'integer' },
                  },
                },
              },
            },
          },
        },
      },
      handler: async (_request, _reply, context) => {
        const out: unknown[] = [];
        for (const framework of FRAMEWORKS) {
          if (!(await context.may('compliance', 'read', framework))) continue;
          const report = await compliance.generateComplianceReport({ framework });
          // A framework whose catalogue was never loaded has no score to show.
          if (report.requirements.length === 0) continue;
          out.push({
            framework,
            name: report.name,
            score: report.score,
            requirements: report.requirements.length,
            attention: report.overdue.length,
          });
        }
        return { frameworks: out };
      },
    },
    {
      method: 'GET',
      url: '/v1/compliance/:framework/requirements',
      summary: "A framework's requirements",
      tag: 'compliance',
      access: read,
      audit: { type: 'data_access', resource: auditResource },
      schema: {
        params: frameworkParam,
        querystring: {
          type: 'object',
          properties: { status: { type: 'string', enum: STATUSES } },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { requirements: { type: 'array', items: anyObject } } } },
      },
      handler: async (request) => {
        const framework = frameworkOf(request) as ComplianceFramework;
        const { status } = request.query as { status?: ComplianceRequirementStatus };
        return { requirements: compliance.listRequirements({ framework, ...(status === undefined ? {} : { status }) }) };
      },
    },
    {
      method: 'POST',
      url: '/v1/compliance/:framework/load',
      summary: "Load a framework's shipped catalogue (existing requirements are kept)",
      tag: 'compliance',
      access: write,
      audit: { type: 'compliance_change', resource: auditResource },
      schema: { params: frameworkParam, response: { 200: { type: 'object', properties: { added: { type: 'integer' } } } } },
      handler: async (request) => ({ added: await compliance.loadFramework(frameworkOf(request) as ComplianceFramework) }),
    },
    {
      method: 'POST',
      url: '/v1/compliance/:framework/requirements',
      summary: 'Add a custom requirement',
      tag: 'compliance',
      access: write,
      audit: { type: 'compliance_change', resource: auditResource },
      schema: {
        params: frameworkParam,
        body: {
          type: 'object',
          required: ['code', 'title', 'description'],
          properties: {
            code: { type: 'string', minLength: 1, maxLength: 128 },
            title: { type: 'string', minLength: 1, maxLength: 500 },
            description: { type: 'string', minLength: 1, maxLength: 4000 },
            family: { type: 'string', minLength: 1, maxLength: 200 },
            status: { type: 'string', enum: STATUSES },
            responsibleParty: { type: 'string', maxLength: 200 },
            notes: { type: 'string', maxLength: 4000 },
            justification: { type: 'string', maxLength: 4000 },
          },
          additionalProperties: false,
        },
        response: { 201: anyObject },
      },
      handler: async (request, reply) => {
        const body = request.body as Omit<Parameters<ComplianceManager['addRequirement']>[0], 'framework'>;
        const created = await compliance.addRequirement({ ...body, framework: frameworkOf(request) as ComplianceFramework });
        reply.code(201);
        return created;
      },
    },
    {
      method: 'PATCH',
      url: '/v1/compliance/:framework/requirements/:code',
      summary: "Update a requirement's status, owner, notes or justification",
      tag: 'compliance',
      access: write,
      audit: { type: 'compliance_change', resource: idOf },
      schema: {
        params: requirementParams,
        body: {
          type: 'object',
          minProperties: 1,
          properties: {
            status: { type: 'string', enum: STATUSES },
            responsibleParty: { type: ['string', 'null'], maxLength: 200 },
            notes: { type: ['string', 'null'], maxLength: 4000 },
            justification: { type: ['string', 'null'], maxLength: 4000 },
          },
          additionalProperties: false,
        },
        response: { 200: anyObject },
      },
      handler: async (request) =>
        compliance.updateRequirement(idOf(request), request.body as Parameters<ComplianceManager['updateRequirement']>[1]),
    },
    {
      method: 'GET',
      url: '/v1/compliance/:framework/requirements/:code/evidence',
      summary: "A requirement's evidence",
      tag: 'compliance',
      access: read,
      audit: { type: 'data_access', resource: idOf },
      schema: {
        params: requirementParams,
        response: { 200: { type: 'object', properties: { evidence: { type: 'array', items: anyObject } } } },
      },
      handler: async (request) => {
        compliance.getRequirement(idOf(request));
        return { evidence: compliance.listEvidence(idOf(request)) };
      },
    },
    {
      method: 'POST',
      url: '/v1/compliance/:framework/requirements/:code/evidence',
      summary: 'Attach evidence as a link (files are attached from the CLI, where paths are local)',
      tag: 'compliance',
      access: write,
      audit: { type: 'compliance_change', resource: idOf },
      schema: {
        params: requirementParams,
        body: {
          type: 'object',
          required: ['description', 'url'],
          properties: {
            description: { type: 'string', minLength: 1, maxLength: 2000 },
            url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
            expiresAt: { type: 'string', format: 'date-time' },
          },
          additionalProperties: false,
        },
        response: { 201: anyObject },
      },
      handler: async (request, reply) => {
        const body = request.body as { description: string; url: string; expiresAt?: string };
        const evidence = await compliance.attachEvidence({
          requirementId: idOf(request),
          description: body.description,
          url: body.url,
          ...(body.expiresAt === undefined ? {} : { expiresAt: new Date(body.expiresAt) }),
        });
        reply.code(201);
        return evidence;
      },
    },
  ];
}
