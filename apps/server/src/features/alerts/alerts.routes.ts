import {
  Alert,
  AlertActionDecision,
  AlertActionRequest,
  AlertComment,
  AlertListQuery,
  AlertPage,
  AlertStatusChange,
  BacktestRequest,
  BacktestResult,
  IdParam,
  Rule,
  RuleDecision,
  RuleList,
  RuleProposal,
} from '@dossier/contract';
import { z } from 'zod';
import type { Deps } from '../../core/context.ts';
import { authorize, clientScope } from '../../core/policy.ts';
import { type App, ctxOf } from '../../http/app.ts';
import { alertsHeard, subscribeAlerts } from './alerts.bus.ts';
import {
  alertsVisibleTo,
  changeAlertStatus,
  commentOnAlert,
  decideAlertActionFor,
  getAlert,
  listAlertsFor,
  requestAlertAction,
} from './alerts.service.ts';
import { backtestFor } from './backtest.service.ts';
import { decideRule, getRule, listRules, proposeRule } from './rules.service.ts';

const ActionParams = z.strictObject({
  id: IdParam.shape.id,
  actionId: z
    .string()
    .regex(/^[1-9]\d{0,14}$/, 'must be a positive whole number')
    .transform(Number),
});

export function registerAlertRoutes(app: App, deps: Deps): void {
  app.get(
    '/alerts',
    { schema: { tags: ['alerts'], querystring: AlertListQuery, response: { 200: AlertPage } } },
    (req) => listAlertsFor(ctxOf(deps, req), req.query),
  );

  // Server-sent events: every alert raised or changed in the viewer's scope, as it is committed.
  app.get('/alerts/stream', { schema: { tags: ['alerts'] } }, async (req, reply) => {
    const ctx = ctxOf(deps, req);
    authorize(ctx.actor, 'alert.read');
    const scope = clientScope(ctx.actor);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Events wait behind `chain`: first until this process hears the others (PostgreSQL), then in order.
    let chain: Promise<unknown> = alertsHeard(deps).then(() => res.write(': connected\n\n'));
    const unsubscribe = subscribeAlerts(deps, (notices) => {
      chain = chain.then(async () => {
        try {
          const visible = await alertsVisibleTo(deps, scope, notices, deps.clock());
          for (const { type, alert } of visible)
            res.write(`event: ${type}\ndata: ${JSON.stringify({ type, alert })}\n\n`);
        } catch (err) {
          deps.log.warn({ err }, 'alert stream: could not send');
        }
      });
    });
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  app.get('/alerts/:id', { schema: { tags: ['alerts'], params: IdParam, response: { 200: Alert } } }, (req) =>
    getAlert(ctxOf(deps, req), req.params.id),
  );
  app.post(
    '/alerts/:id/status',
    { schema: { tags: ['alerts'], params: IdParam, body: AlertStatusChange, response: { 200: Alert } } },
    (req) => changeAlertStatus(ctxOf(deps, req), req.params.id, req.body),
  );
  app.post(
    '/alerts/:id/comments',
    { schema: { tags: ['alerts'], params: IdParam, body: AlertComment, response: { 200: Alert } } },
    (req) => commentOnAlert(ctxOf(deps, req), req.params.id, req.body.comment),
  );

  app.post(
    '/alerts/:id/actions',
    { schema: { tags: ['alerts'], params: IdParam, body: AlertActionRequest, response: { 201: Alert } } },
    async (req, reply) => {
      const alert = await requestAlertAction(ctxOf(deps, req), req.params.id, req.body);
      reply.status(201);
      return alert;
    },
  );
  app.post(
    '/alerts/:id/actions/:actionId/decision',
    {
      schema: { tags: ['alerts'], params: ActionParams, body: AlertActionDecision, response: { 200: Alert } },
    },
    (req) => decideAlertActionFor(ctxOf(deps, req), req.params.id, req.params.actionId, req.body),
  );

  app.get('/rules', { schema: { tags: ['rules'], response: { 200: RuleList } } }, (req) =>
    listRules(ctxOf(deps, req)),
  );
  app.post(
    '/rules',
    { schema: { tags: ['rules'], body: RuleProposal, response: { 201: Rule } } },
    async (req, reply) => {
      const rule = await proposeRule(ctxOf(deps, req), req.body);
      reply.status(201);
      return rule;
    },
  );
  app.post(
    '/rules/backtest',
    { schema: { tags: ['rules'], body: BacktestRequest, response: { 200: BacktestResult } } },
    (req) => backtestFor(ctxOf(deps, req), req.body),
  );
  app.get('/rules/:id', { schema: { tags: ['rules'], params: IdParam, response: { 200: Rule } } }, (req) =>
    getRule(ctxOf(deps, req), req.params.id),
  );
  app.put(
    '/rules/:id',
    { schema: { tags: ['rules'], params: IdParam, body: RuleProposal, response: { 200: Rule } } },
    (req) => proposeRule(ctxOf(deps, req), req.body, req.params.id),
  );
  app.post(
    '/rules/:id/decision',
    { schema: { tags: ['rules'], params: IdParam, body: RuleDecision, response: { 200: Rule } } },
    (req) => decideRule(ctxOf(deps, req), req.params.id, req.body),
  );
}
