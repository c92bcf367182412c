import { createRoute, type OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context, Env, MiddlewareHandler } from "hono";
import { roleGuard } from "./auth.js";
import { problemResponse } from "./problem.js";
import { operationIdOf, type Responses, standardResponses } from "./responses.js";

/*
 * The route kit: a route says who may call it in its own definition. An app makes its kit once
 * (routeKit, binding its principal, its roles and its authenticate middleware) and defines every
 * route with kit.defineRoute({ access, ...createRoute's config }). The kit documents the bearer
 * requirement and the 401/403 answers, and puts the guard in the route's own middleware, where it
 * runs before the route's validators: a caller without the role is refused (403) before its input
 * is looked at. /openapi.json then says, for every operation, what the access conformance suite
 * (@pes/http/testing) checks. The kit also gives each operation what a generated client needs: an
 * operationId derived from its method and path, and the problem answers of its kind (responses.ts).
 */

/** The name of the one security scheme of every service: `Authorization: Bearer <token>`. */
export const BEARER_SCHEME = "bearerAuth";

/** An operation's security requirement: the bearer token of registerSecurityScheme. */
export const bearer = [{ [BEARER_SCHEME]: [] as string[] }];

/** The `{id}` path parameter of most resources: a UUID. */
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

/** Documents the bearer scheme in /openapi.json; `description` says which token and how to get one. */
// biome-ignore lint/suspicious/noExplicitAny: any app, whatever variables it adds to the context
export function registerSecurityScheme(app: OpenAPIHono<any>, description: string): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER_SCHEME, {
    type: "http",
    scheme: "bearer",
    description,
  });
}

/** Who may call a route: anyone, any authenticated caller, or callers with one of the roles. */
export type Access<R extends string = string> =
  | { readonly kind: "public" }
  | { readonly kind: "authenticated" }
  | { readonly kind: "roles"; readonly roles: readonly R[] };

/** The operation extension that records a route's access in /openapi.json: "public", "authenticated" or the roles. */
export const ACCESS_EXTENSION = "x-access";

type AccessResponses = {
  401: ReturnType<typeof problemResponse>;
  403?: ReturnType<typeof problemResponse>;
};

/**
 * A route's config as createRoute takes it, but for its security: the kit sets it from `access`.
 * The route's own `middleware` runs after the access guard.
 */
export type RouteDefinition<R extends string> = Omit<RouteConfig, "security"> & {
  access: Access<R>;
};

export interface RouteKitOptions<E extends Env, R extends string> {
  /** The app's authentication (bearerAuth): resolves the token and puts the principal on the context. */
  authenticate: MiddlewareHandler<E>;
  /** The principal authenticate put on the context, or undefined when it has not run on this request. */
  principal: (c: Context<E>) => unknown;
  /** The role of the authenticated principal; needed by `roles(...)`. */
  role?: (c: Context<E>) => R;
  /** The 401's description in the docs, e.g. "No API key, or one that is unknown or revoked". */
  unauthenticated?: string;
  /** What every route that needs a token may answer besides 401/403, e.g. the rate limit's 429. */
  authenticatedResponses?: Responses;
}

/** What a generated client needs of every operation, whatever its access: an id, and a description. */
function completed<C extends RouteConfig>(config: C, who: string) {
  return {
    ...config,
    operationId: config.operationId ?? operationIdOf(config.method, config.path),
    description: config.description ?? `Who may call it: ${who}.`,
  };
}

/**
 * createRoute for a route anyone may call (health, readiness): an explicit empty `security`, as a
 * third party's linter expects, and the problem answers every route has.
 */
export function openRoute<const C extends Omit<RouteConfig, "security">>(config: C) {
  return createRoute({
    ...completed(config, "anyone, no token"),
    security: [],
    [ACCESS_EXTENSION]: "public",
    responses: { ...standardResponses(config), ...config.responses } as C["responses"],
  });
}

/**
 * An app's route kit. `defineRoute` is createRoute with an `access` rule: "public" leaves the route
 * open; `authenticated` and `roles(...)` set `security: bearer`, document 401 (and 403 for roles),
 * record the rule as `x-access`, and attach the guard as the route's first middleware (before the
 * route's own, if any). The guard authenticates the request itself when no blanket authentication
 * did (defence in depth, and a route mounted elsewhere stays closed), then checks the role.
 */
export function routeKit<E extends Env, R extends string = never>(opts: RouteKitOptions<E, R>) {
  const requireRole = opts.role ? roleGuard<E, R>((c) => ({ role: opts.role!(c) })) : undefined;
  const unauthenticated = problemResponse(
    opts.unauthenticated ?? "No token, or one that is unknown, expired or revoked",
  );

  /** Authenticates (unless done already), then lets `then` decide. */
  const authenticated = (then?: MiddlewareHandler<E>): MiddlewareHandler<E> =>
    async function requireAuthentication(c, next) {
      if (opts.principal(c) === undefined) {
        let passed = false;
        const answer = await opts.authenticate(c, async () => {
          passed = true;
        });
        if (!passed) return answer ?? undefined;
      }
      if (then) return then(c, next);
      await next();
    };

  function guard(access: Access<R>): MiddlewareHandler<E> {
    switch (access.kind) {
      case "public":
        return async function open(_c, next) {
          await next();
        };
      case "authenticated":
        return authenticated();
      case "roles":
        if (!requireRole) throw new Error("roles(...) needs the kit's `role` option");
        return authenticated(requireRole(...access.roles));
    }
  }

  function accessResponses(access: Access<R>, own: RouteConfig["responses"]): AccessResponses | undefined {
    if (access.kind === "public") return undefined;
    if (access.kind === "authenticated") return { 401: unauthenticated };
    const needs = `Your role is not ${access.roles.join(" or ")} (forbidden-role)`;
    const ownForbidden = (own as Record<string, { description?: string } | undefined>)[403]?.description;
    return { 401: unauthenticated, 403: problemResponse(ownForbidden ? `${needs}; ${ownForbidden}` : needs) };
  }

  return {
    /** Any caller, no token: nothing under /v1 should be. */
    public: { kind: "public" } as Access<R>,
    /** Any caller with a valid token, whatever its role. */
    authenticated: { kind: "authenticated" } as Access<R>,
    /** Only callers with one of these roles (403 forbidden-role otherwise). */
    roles: (...roles: [R, ...R[]]): Access<R> => ({ kind: "roles", roles }),
    /** The guard of an access rule, for a route that is not an OpenAPI route (an SSE stream). */
    guard,
    /** createRoute with the route's access rule: security, 401/403 docs and the guard come from it. */
    defineRoute<P extends string, D extends RouteDefinition<R> & { path: P }>(definition: D) {
      const { access, ...config } = definition;
      const responses = accessResponses(access, config.responses);
      const own = config.middleware === undefined ? [] : [config.middleware].flat();
      const standard = {
        ...standardResponses(config),
        ...(access.kind === "public" ? {} : opts.authenticatedResponses),
      };
      return createRoute({
        ...completed(config as Omit<D, "access">, whoMayCall(access)),
        // An empty list says "no token" explicitly, as a third party's linter expects.
        security: access.kind === "public" ? [] : bearer,
        [ACCESS_EXTENSION]: access.kind === "roles" ? [...access.roles] : access.kind,
        // Typed as the route's own: the added answers are problems, which the handler never returns.
        responses: { ...standard, ...config.responses, ...responses } as D["responses"] & AccessResponses,
        middleware: [guard(access), ...own] as MiddlewareHandler<E>[],
      });
    },
  };
}

function whoMayCall(access: Access): string {
  if (access.kind === "public") return "anyone, no token";
  if (access.kind === "authenticated") return "any caller with a valid bearer token";
  return `a caller whose bearer token has the role ${access.roles.join(" or ")}`;
}

export type RouteKit<E extends Env, R extends string = never> = ReturnType<typeof routeKit<E, R>>;
