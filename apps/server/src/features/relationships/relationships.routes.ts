import {
  GroupFinance,
  GroupView,
  GuaranteeCircleList,
  GuaranteeCircleView,
  HouseholdView,
  IdParam,
  Relationship,
  RelationshipCreate,
  RelationshipGraph,
} from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { type App, ctxOf } from '../../http/app.ts';
import {
  createRelationship,
  deleteRelationship,
  groupFinance,
  groupView,
  guaranteeCircleView,
  householdView,
  listGuaranteeCircles,
  relationshipGraph,
} from './relationships.service.ts';

const tags = ['relationships'];
const RelationshipParams = z.strictObject({
  id: IdParam.shape.id,
  relationshipId: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number')
    .transform(Number),
});

export function registerRelationshipRoutes(app: App, deps: Deps): void {
  app.get(
    '/clients/:id/relationships',
    { schema: { tags, params: IdParam, response: { 200: RelationshipGraph } } },
    (req) => relationshipGraph(ctxOf(deps, req), req.params.id),
  );
  app.post(
    '/clients/:id/relationships',
    { schema: { tags, params: IdParam, body: RelationshipCreate, response: { 201: Relationship } } },
    async (req, reply) => {
      const created = await createRelationship(ctxOf(deps, req), req.params.id, req.body);
      reply.status(201);
      return created;
    },
  );
  app.delete(
    '/clients/:id/relationships/:relationshipId',
    { schema: { tags, params: RelationshipParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteRelationship(ctxOf(deps, req), req.params.id, req.params.relationshipId);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/clients/:id/household',
    { schema: { tags, params: IdParam, response: { 200: HouseholdView } } },
    (req) => householdView(ctxOf(deps, req), req.params.id),
  );
  app.get('/clients/:id/group', { schema: { tags, params: IdParam, response: { 200: GroupView } } }, (req) =>
    groupView(ctxOf(deps, req), req.params.id),
  );
  app.get(
    '/clients/:id/group/finance',
    { schema: { tags, params: IdParam, response: { 200: GroupFinance } } },
    (req) => groupFinance(ctxOf(deps, req), req.params.id),
  );
  app.get(
    '/clients/:id/guarantee-circle',
    { schema: { tags, params: IdParam, response: { 200: GuaranteeCircleView } } },
    (req) => guaranteeCircleView(ctxOf(deps, req), req.params.id),
  );
  app.get(
    '/guarantee-circles',
    {
      schema: {
        tags,
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: GuaranteeCircleList },
      },
    },
    (req) => listGuaranteeCircles(ctxOf(deps, req), req.query.limit),
  );
}
