"""TypeScript tool output (tsc, ts-node, tsx, esbuild) and failures seen only in test results.

Part A: small Express/Fastify/Hono/Koa TypeScript projects whose build or start fails; the real
compiler / runner output is captured. Part B: servers that start and answer, but whose answers
break a test: wrong status codes, lost state, endpoints never written, JSON shapes off-contract;
captured as pytest / unittest / jest+supertest / mocha / our harness / a bare status line.
"""

from __future__ import annotations

import json

from _tslogic_tools import harness_files, live
from capture import Case, status_lines

CASES: list[Case] = []

TSC_CJS = {"compilerOptions": {"target": "es2020", "module": "commonjs", "strict": True, "esModuleInterop": True,
                               "skipLibCheck": True, "outDir": "dist", "rootDir": "src"}, "include": ["src"]}
PKG = {"name": "api", "version": "1.0.0", "private": True, "scripts": {"build": "tsc -p .", "start": "node dist/index.js"}}


def _j(obj) -> str:
    return json.dumps(obj, indent=2) + "\n"


def tool(files: dict[str, str], cmd: str, *, tsconfig=TSC_CJS, pkg=PKG, env=None, key="log"):
    """Write a small TypeScript project and run one real tool command in it."""
    def make(ctx):
        ctx.link_node_modules()
        base = {"package.json": _j(pkg)}
        if tsconfig is not None:
            base["tsconfig.json"] = _j(tsconfig)
        ctx.write({**base, **files})
        return {key: ctx.run(cmd, timeout=90, env=env)}
    return make


def add(id, label, shape, source, kind, cause, rationale, make, *, libs=(), fw=None, lang="node", db=None, expect=None):
    CASES.append(Case(id=f"tslogic-{id}", label=label, language=lang, shape=shape, source=source, source_kind=kind,
                      cause=cause, rationale=rationale, make=make, libraries=tuple(libs), framework=fw,
                      database=db, expect=expect))


EXPRESS_INDEX = '''import express from "express";
import { usersRouter } from "./routes/users";

const app = express();
app.use(express.json());
app.use("/api/users", usersRouter);
app.listen(Number(process.env.PORT ?? 3000), () => console.log("listening"));
'''

# ---------------------------------------------------------------------------------------------
# Part A: TypeScript compile / run failures
# ---------------------------------------------------------------------------------------------

add("tsc-ts2307-service-path", "xfile.reference.import", "tsc",
    "http://www.kouhan.cn/en/article/00010991", "blog",
    "TS2307 is raised when the compiler cannot map an import path to a file; a relative import that names a file the project does not contain fails this way.",
    "routes/users.ts imports '../services/userService' but the project file is services/user.service.ts; tsc reports TS2307 for that project path, a cross-file reference.",
    tool({"src/index.ts": EXPRESS_INDEX,
          "src/routes/users.ts": '''import { Router } from "express";
import { listUsers, createUser } from "../services/userService";

export const usersRouter = Router();
usersRouter.get("/", async (_req, res) => { res.json({ users: await listUsers() }); });
usersRouter.post("/", async (req, res) => { res.status(201).json({ user: await createUser(req.body) }); });
''',
          "src/services/user.service.ts": '''export interface User { id: number; email: string }
const users: User[] = [];
export async function listUsers(): Promise<User[]> { return users; }
export async function createUser(input: { email: string }): Promise<User> {
  const user = { id: users.length + 1, email: input.email };
  users.push(user);
  return user;
}
'''}, "tsc --noEmit -p ."),
    libs=("typescript", "express"), fw="express", expect=r"error TS2307: Cannot find module '\.\./services/userService'")

add("npm-build-ts2307-zod-not-installed", "startup.dependency.missing_package", "npm",
    "https://datacadamia.com/web/javascript/typescript/declaration-resolution", "blog",
    "TS2307 for a bare package name means neither the package nor a types package for it is installed where the compiler looks.",
    "src/schemas.ts imports 'zod', which package.json never lists and node_modules lacks; npm run build stops on TS2307 for a third-party name, not a project file.",
    tool({"src/index.ts": '''import Fastify from "fastify";
import { userSchema } from "./schemas";

const app = Fastify({ logger: true });
app.post("/api/users", async (request, reply) => {
  const parsed = userSchema.safeParse(request.body);
  if (!parsed.success) return reply.code(422).send({ errors: parsed.error.issues });
  return reply.code(201).send({ user: parsed.data });
});
app.listen({ port: Number(process.env.PORT ?? 3000) });
''', "src/schemas.ts": '''import { z } from "zod";

export const userSchema = z.object({ email: z.string().email(), password: z.string().min(8) });
'''}, "npm run build"),
    libs=("typescript", "fastify"), fw="fastify", expect=r"error TS2307: Cannot find module 'zod'")

add("tsc-ts2305-renamed-export", "xfile.reference.import", "tsc",
    "https://dev.to/mahdi_benrhouma_fe1c6005/fix-ts2305-module-has-no-exported-member-in-typescript-24f0", "blog",
    "Importing a name a project module does not export makes tsc report the module has no exported member by that name.",
    "routes/articles.ts imports { findArticleBySlug } from ../db/articles, which only exports getArticleBySlug; TS2305 names the missing member of a project module.",
    tool({"src/index.ts": '''import express from "express";
import { articlesRouter } from "./routes/articles";
const app = express();
app.use("/api/articles", articlesRouter);
app.listen(3000);
''', "src/routes/articles.ts": '''import { Router } from "express";
import { findArticleBySlug } from "../db/articles";

export const articlesRouter = Router();
articlesRouter.get("/:slug", (req, res) => {
  const article = findArticleBySlug(req.params.slug);
  if (!article) return res.status(404).json({ errors: { body: ["article not found"] } });
  res.json({ article });
});
''', "src/db/articles.ts": '''export interface Article { slug: string; title: string }
const rows: Article[] = [{ slug: "hello", title: "Hello" }];
export function getArticleBySlug(slug: string): Article | undefined {
  return rows.find((a) => a.slug === slug);
}
'''}, "tsc -p . --pretty false"),
    libs=("typescript", "express"), fw="express", expect=r"error TS2305: Module '\"\.\./db/articles\"' has no exported member 'findArticleBySlug'")

add("tsc-ts2614-default-vs-named", "xfile.reference.import", "tsc",
    "https://basarat.gitbook.io/typescript/main-1/defaultisbad", "blog",
    "Mixing default and named import syntax for a module that only has a default export breaks the import; the import must match how the module exports.",
    "index.ts uses import { authRouter } from './routes/auth' while auth.ts only has export default router; tsc TS2614 points at the mismatch between two project files.",
    tool({"src/index.ts": '''import express from "express";
import { authRouter } from "./routes/auth";
const app = express();
app.use(express.json());
app.use("/api", authRouter);
app.listen(Number(process.env.PORT ?? 3000));
''', "src/routes/auth.ts": '''import { Router } from "express";
const router = Router();
router.post("/users/login", (req, res) => {
  res.json({ user: { email: req.body?.user?.email, token: "t" } });
});
export default router;
'''}, "tsc --noEmit -p . --pretty"),
    libs=("typescript", "express"), fw="express", expect=r"TS2614")

add("tsc-ts2339-model-field-renamed", "xfile.reference.attribute", "tsc",
    "https://www.devcraftly.com/express/extending-request-types", "blog",
    "Reading a property the declared type does not have is a compile error (TS2339), whatever the object holds at runtime.",
    "services/auth.ts reads user.passwordHash, but the User interface in models/user.ts declares pw_digest; TS2339 is an attribute referenced across project files.",
    tool({"src/models/user.ts": '''export interface User {
  id: number;
  email: string;
  pw_digest: string;
}
export const users: User[] = [];
''', "src/services/auth.ts": '''import { createHash } from "node:crypto";
import { users } from "../models/user";

export function checkLogin(email: string, password: string) {
  const user = users.find((u) => u.email === email);
  if (!user) return null;
  const digest = createHash("sha256").update(password).digest("hex");
  return digest === user.passwordHash ? user : null;
}
'''}, "tsc -p ."),
    libs=("typescript",), expect=r"error TS2339: Property 'passwordHash' does not exist on type 'User'")

add("tsc-ts2339-req-user-no-augmentation", "startup.dependency.build", "tsc",
    "https://www.devcraftly.com/express/extending-request-types", "blog",
    "Express's Request type has no user member; middleware that stores req.user fails to type-check unless the Request interface is augmented.",
    "middleware/auth.ts assigns req.user and routes read it; no declaration merging exists, so tsc fails with TS2339 on Request. A typing/build problem, not a missing project module.",
    tool({"src/index.ts": '''import express, { Request, Response, NextFunction } from "express";

function requireAuth(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization ?? "";
  if (!header.startsWith("Token ")) return res.status(401).json({ errors: { body: ["unauthorized"] } });
  req.user = { id: 1, username: "jake" };
  next();
}

const app = express();
app.get("/api/user", requireAuth, (req: Request, res: Response) => {
  res.json({ user: req.user });
});
app.listen(3000);
'''}, "tsc --noEmit -p ."),
    libs=("typescript", "express"), fw="express", expect=r"error TS2339: Property 'user' does not exist on type 'Request")

add("ts-node-ts2345-id-string", "xfile.reference.signature", "ts-node",
    "https://typescriptpro.com/errors/ts2345", "blog",
    "TS2345: a call passes an argument whose type is not assignable to the parameter type the function declares.",
    "The route passes req.params.id (string) to getArticle(id: number) declared in services/articles.ts; ts-node refuses to run with TSError TS2345: the call does not fit the other file's signature.",
    tool({"src/index.ts": '''import express from "express";
import { getArticle } from "./services/articles";

const app = express();
app.get("/api/articles/:id", (req, res) => {
  const article = getArticle(req.params.id);
  res.json({ article });
});
app.listen(Number(process.env.PORT ?? 3000), () => console.log("up"));
''', "src/services/articles.ts": '''const rows = [{ id: 1, title: "Hello" }];
export function getArticle(id: number) {
  return rows.find((r) => r.id === id) ?? null;
}
'''}, "ts-node src/index.ts"),
    libs=("typescript", "ts-node", "express"), fw="express", expect=r"TSError: ⨯ Unable to compile TypeScript[\s\S]*TS2345")

add("tsc-ts2322-env-secret-undefined", "startup.dependency.build", "tsc",
    "https://openillumi.com/?p=89603", "blog",
    "process.env values are typed string | undefined, so assigning one to a string-typed variable fails under strict null checks.",
    "config.ts declares jwtSecret: string = process.env.JWT_SECRET; TS2322 'string | undefined' is a type-check failure inside one file, so the build step fails.",
    tool({"src/config.ts": '''export const config: { port: number; jwtSecret: string } = {
  port: Number(process.env.PORT ?? 3000),
  jwtSecret: process.env.JWT_SECRET,
};
''', "src/index.ts": '''import Fastify from "fastify";
import { config } from "./config";
const app = Fastify();
app.get("/health", async () => ({ ok: true, secretSet: config.jwtSecret.length > 0 }));
app.listen({ port: config.port });
'''}, "tsc -p ."),
    libs=("typescript", "fastify"), fw="fastify", expect=r"error TS2322: Type 'string \| undefined' is not assignable to type 'string'")

add("tsc-ts1357-enum-colon", "startup.syntax", "tsc",
    "https://joshuakgoldberg-dot-g3w0gnvm7-joshuakgoldberg.vercel.app/blog/typescript-contribution-diary-enum-commas", "blog",
    "Enum members take '=' before their value; writing 'Name: value' is a parse error (the post traces how the compiler's message for it was made clearer).",
    "models/role.ts declares enum Role { Admin: 'admin', ... }: the file does not parse; tsc reports TS1357 at each member.",
    tool({"src/models/role.ts": '''export enum Role {
  Admin: "admin",
  Author: "author",
  Reader: "reader",
}

export function canEdit(role: Role): boolean {
  return role === Role.Admin || role === Role.Author;
}
''', "src/index.ts": '''import { Role, canEdit } from "./models/role";
console.log(canEdit(Role.Author));
'''}, "tsc -p ."),
    libs=("typescript",), expect=r"error TS1357: An enum member name must be followed by")

add("tsc-ts1109-dangling-operator", "startup.syntax", "tsc",
    "https://taourl.com/read-4046638.html", "blog",
    "TS1109 'Expression expected' is a parse error: the compiler reached a place that needs an expression and found none.",
    "routes/health.ts ends a ternary with nothing after ':' ; tsc stops with TS1109 before any type checking — the source does not parse.",
    tool({"src/routes/health.ts": '''import { Router } from "express";
export const health = Router();
health.get("/health", (_req, res) => {
  const ready = process.uptime() > 1;
  res.status(ready ? 200 : ).json({ ready });
});
'''}, "tsc --noEmit -p ."),
    libs=("typescript", "express"), fw="express", expect=r"error TS1109: Expression expected")

add("tsc-ts7006-implicit-any", "startup.dependency.build", "tsc",
    "https://mikepietsch.com/tech/typescript/21.03-noimplicitany-requiring-explicit-any/", "blog",
    "With noImplicitAny (part of strict), a parameter whose type cannot be inferred is an error rather than a silent any.",
    "utils/paginate.ts declares paginate(items, limit, offset) without annotations under strict: true; tsc reports TS7006 for each parameter and emits nothing.",
    tool({"src/utils/paginate.ts": '''export function paginate(items, limit, offset) {
  return { items: items.slice(offset, offset + limit), count: items.length };
}
''', "src/index.ts": '''import { paginate } from "./utils/paginate";
console.log(paginate([1, 2, 3], 2, 0));
'''}, "tsc -p ."),
    libs=("typescript",), expect=r"error TS7006: Parameter 'items' implicitly has an 'any' type")

add("tsc-ts18046-catch-unknown", "startup.dependency.build", "tsc",
    "https://rupertmckay.com/blog/typescript-44-useunknownincatchvariables/", "blog",
    "Under strict mode catch-clause variables are unknown, so reading err.message without narrowing is a compile error.",
    "The Hono error path reads err.message and err.status on the caught value; strict turns on useUnknownInCatchVariables and tsc fails with TS18046 in this file.",
    tool({"src/index.ts": '''import { Hono } from "hono";
const app = new Hono();
app.post("/api/articles", async (c) => {
  try {
    const body = await c.req.json();
    return c.json({ article: body.article }, 201);
  } catch (err) {
    return c.json({ errors: { body: [err.message] } }, err.status ?? 500);
  }
});
export default app;
'''}, "tsc --noEmit -p ."),
    libs=("typescript", "hono"), fw="hono", expect=r"error TS18046: 'err' is of type 'unknown'")

add("tsc-ts2304-helper-not-imported", "xfile.reference.undefined_name", "tsc",
    "https://generalistprogrammer.com/errors/ts2304-cannot-find-name", "blog",
    "A function defined in another module is not in scope until it is imported; using it bare is an unknown name to the compiler.",
    "routes/users.ts calls hashPassword(), which lives in utils/crypto.ts and is never imported; tsc reports the name cannot be found.",
    tool({"src/utils/crypto.ts": '''import { createHash } from "node:crypto";
export function hashPassword(plain: string): string {
  return createHash("sha256").update(plain).digest("hex");
}
''', "src/routes/users.ts": '''import { Router } from "express";
export const users = Router();
users.post("/", (req, res) => {
  const { email, password: plain } = req.body.user;
  const user = { email, digest: hashPassword(plain) };
  res.status(201).json({ user: { email: user.email } });
});
'''}, "tsc -p ."),
    libs=("typescript", "express"), fw="express", expect=r"error TS2304: Cannot find name 'hashPassword'")

add("tsc-ts1259-esmoduleinterop-off", "startup.dependency", "tsc",
    "https://www.pacokwon.org/posts/20200711-esModuleInterop-in-tsconfig", "blog",
    "A module declared with 'export =' can only be default-imported when esModuleInterop (or allowSyntheticDefaultImports) is on.",
    "index.ts does import express from 'express' while tsconfig turns esModuleInterop off; TS1259 is a module-system configuration mismatch with the package's typings.",
    tool({"src/index.ts": '''import express from "express";
const app = express();
app.get("/health", (_req, res) => res.json({ ok: true }));
app.listen(3000);
'''}, "tsc -p .", tsconfig={"compilerOptions": {"target": "es2020", "module": "commonjs", "strict": True,
                                                "esModuleInterop": False, "skipLibCheck": True, "outDir": "dist"},
                            "include": ["src"]}),
    libs=("typescript", "express"), fw="express", expect=r"error TS1259: Module '[^']+' can only be default-imported using the 'esModuleInterop' flag")

add("tsc-ts2835-nodenext-extension", "startup.dependency", "tsc",
    "https://www.codegenes.net/blog/relative-import-paths-need-explicit-file-extensions-in-ecmascript-imports-when-moduleresolution-is-node16-or-nodenext-did-you-mean-js", "blog",
    "Under node16/nodenext resolution in an ES module, relative imports must carry the emitted file extension (.js).",
    "package.json has type: module and tsconfig uses NodeNext; index.ts imports './routes/articles' without .js, so tsc fails with TS2835 — an ESM configuration mismatch.",
    tool({"src/index.ts": '''import Fastify from "fastify";
import { articleRoutes } from "./routes/articles";
const app = Fastify();
app.register(articleRoutes, { prefix: "/api" });
await app.listen({ port: 3000 });
''', "src/routes/articles.ts": '''import type { FastifyInstance } from "fastify";
export async function articleRoutes(app: FastifyInstance) {
  app.get("/articles", async () => ({ articles: [], articlesCount: 0 }));
}
'''}, "tsc -p .", pkg={**PKG, "type": "module"},
         tsconfig={"compilerOptions": {"target": "es2022", "module": "NodeNext", "moduleResolution": "NodeNext",
                                       "strict": True, "skipLibCheck": True, "outDir": "dist", "rootDir": "src"},
                   "include": ["src"]}),
    libs=("typescript", "fastify"), fw="fastify", expect=r"error TS2835: Relative import paths need explicit file extensions")

add("tsc-ts2792-classic-resolution", "startup.dependency", "tsc",
    "https://typescriptlang.org/tsconfig/moduleResolution.html", "docs",
    "The classic module resolution strategy does not look in node_modules; TypeScript suggests nodenext or a paths mapping when it cannot find a package.",
    "tsconfig sets module es2022 without moduleResolution, so the compiler falls back to classic resolution and every package import fails with TS2792.",
    tool({"src/index.ts": '''import Koa from "koa";
import Router from "@koa/router";
const app = new Koa();
const router = new Router();
router.get("/health", (ctx) => { ctx.body = { ok: true }; });
app.use(router.routes());
app.listen(3000);
'''}, "tsc -p .", tsconfig={"compilerOptions": {"target": "es2022", "module": "es2022", "strict": True,
                                                "skipLibCheck": True, "outDir": "dist"}, "include": ["src"]}),
    libs=("typescript", "koa"), fw="koa", expect=r"error TS2792: Cannot find module 'koa'")

add("tsc-ts7016-cors-no-types", "startup.dependency.missing_package", "tsc",
    "https://devpeace.com/typescript/40222162/typescript-2-custom-typings-for-untyped-npm-module", "qa",
    "A JavaScript package without bundled typings needs a types package (or a local declaration); under noImplicitAny its import is an error.",
    "cors is installed but @types/cors is not; with strict on, tsc fails with TS7016 for the third-party import.",
    tool({"src/index.ts": '''import express from "express";
import cors from "cors";
const app = express();
app.use(cors());
app.get("/api/tags", (_req, res) => res.json({ tags: [] }));
app.listen(3000);
'''}, "tsc -p ."),
    libs=("typescript", "express", "cors"), fw="express", expect=r"error TS7016: Could not find a declaration file for module 'cors'")

add("ts-node-esm-unknown-extension", "startup.dependency", "ts-node",
    "https://openillumi.com/en/en-fix-ts-node-esm-unknown-extension", "blog",
    "With \"type\": \"module\" Node's ESM loader handles .ts entry files and does not know the extension unless ts-node runs in ESM mode.",
    "package.json declares type: module and the start command is plain ts-node src/index.ts; Node raises ERR_UNKNOWN_FILE_EXTENSION before any project code runs.",
    tool({"src/index.ts": '''import { Hono } from "hono";
import { serve } from "@hono/node-server";
const app = new Hono();
app.get("/health", (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
'''}, "ts-node src/index.ts", pkg={**PKG, "type": "module"}),
    libs=("ts-node", "hono"), fw="hono", expect=r"ERR_UNKNOWN_FILE_EXTENSION")

add("jest-cannot-use-import-statement", "startup.dependency", "jest",
    "https://dropletdrift.com/debugging-cannot-use-import-statement-outside-a-module-in-es-modules", "blog",
    "The error appears when the runtime treats a file as CommonJS while the code uses ES module syntax; test runners such as Jest hit it when nothing transforms the imports.",
    "The test and app files use import/export, package.json has no type: module and Jest has no transform for ESM; Jest stops with 'Cannot use import statement outside a module' before any test runs.",
    tool({"src/app.js": '''import express from "express";
export const app = express();
app.get("/api/tags", (_req, res) => res.json({ tags: [] }));
''', "tests/tags.test.js": '''import request from "supertest";
import { app } from "../src/app.js";

test("GET /api/tags", async () => {
  const res = await request(app).get("/api/tags");
  expect(res.status).toBe(200);
});
'''}, "jest --ci --no-watchman --roots '<rootDir>/tests'", tsconfig=None, pkg={"name": "api", "private": True}, key="test_output"),
    libs=("jest", "supertest", "express"), fw="express", expect=r"Cannot use import statement outside a module")

add("tsc-ts1005-listen-missing-comma", "startup.syntax", "tsc",
    "https://adhdecode-articles-4.pages.dev/articles/typescript/ts1003-identifier-expected", "blog",
    "A missing comma between arguments or properties leaves the parser with two adjacent expressions; it stops and reports the token it expected.",
    "index.ts calls app.listen(port () => ...) without the comma between the two arguments; tsc reports TS1005 \"',' expected\": the file does not parse.",
    tool({"src/index.ts": '''import express from "express";
const app = express();
const port = Number(process.env.PORT ?? 3000);
app.get("/health", (_req, res) => res.json({ ok: true }));
app.listen(port () => {
  console.log(`listening on ${port}`);
});
'''}, "tsc -p ."),
    libs=("typescript", "express"), fw="express", expect=r"error TS1005: ',' expected")

add("node-esm-extensionless-import", "startup.dependency", "node-stack",
    "https://newbetuts.com/62619058-appending-js-extension-on-relative-import-statements-during-typescript-compilation-es6-modules", "qa",
    "tsc does not rewrite import specifiers; an extensionless relative import compiles but Node's ESM resolver cannot find it at runtime.",
    "With bundler-style resolution tsc accepts import './app' and emits it unchanged; package.json is type: module, so node dist/server.js stops with ERR_MODULE_NOT_FOUND.",
    tool({"src/server.ts": '''import { app } from "./app";
app.listen(Number(process.env.PORT ?? 3000), () => console.log("listening"));
''', "src/app.ts": '''import express from "express";
export const app = express();
app.get("/health", (_req, res) => res.json({ ok: true }));
'''}, "tsc -p . && node dist/server.js", pkg={**PKG, "type": "module"},
         tsconfig={"compilerOptions": {"target": "es2022", "module": "es2022", "moduleResolution": "bundler",
                                       "esModuleInterop": True, "strict": True, "skipLibCheck": True,
                                       "outDir": "dist", "rootDir": "src"}, "include": ["src"]}),
    libs=("typescript", "express"), fw="express", expect=r"ERR_MODULE_NOT_FOUND")

add("esbuild-could-not-resolve-middleware", "xfile.reference.import", "esbuild",
    "https://runebook.dev/en/articles/esbuild/api/index/path-resolution", "blog",
    "esbuild reports 'Could not resolve' when an import path names a file that does not exist relative to the importer.",
    "index.ts imports './middleware/auth' but the project only has middleware/requireAuth.ts; esbuild's bundle step fails on that project path.",
    tool({"src/index.ts": '''import express from "express";
import { requireAuth } from "./middleware/auth";
const app = express();
app.get("/api/user", requireAuth, (_req, res) => res.json({ user: null }));
app.listen(3000);
''', "src/middleware/requireAuth.ts": '''import type { Request, Response, NextFunction } from "express";
export function requireAuth(req: Request, res: Response, next: NextFunction) {
  if (!req.headers.authorization) return res.status(401).end();
  next();
}
'''}, "esbuild src/index.ts --bundle --platform=node --outfile=dist/index.js --log-level=error"),
    libs=("esbuild", "express"), fw="express", expect=r"Could not resolve \"\./middleware/auth\"")

add("esbuild-could-not-resolve-package", "startup.dependency.missing_package", "esbuild",
    "https://runebook.dev/en/articles/esbuild/api/index/path-resolution", "blog",
    "When bundling, esbuild looks bare package names up in node_modules; a package that was never installed cannot be resolved.",
    "app.ts imports 'express-rate-limit', which is not installed; esbuild stops with Could not resolve and suggests marking it external — a missing third-party package.",
    tool({"src/app.ts": '''import express from "express";
import rateLimit from "express-rate-limit";
const app = express();
app.use(rateLimit({ windowMs: 60_000, limit: 100 }));
app.get("/health", (_req, res) => res.json({ ok: true }));
app.listen(3000);
'''}, "esbuild src/app.ts --bundle --platform=node --outfile=dist/app.js"),
    libs=("esbuild", "express"), fw="express", expect=r"Could not resolve \"express-rate-limit\"")

add("esbuild-expected-paren", "startup.syntax", "esbuild",
    "https://runebook.dev/en/articles/esbuild/api/index/transform", "blog",
    "esbuild's most common error is invalid source handed to it: a syntax error stops the transform with an 'Expected ... but found ...' message.",
    "The handler closes its arrow function with '}' while the call's ')' is missing; esbuild reports Expected \")\" but found — the file does not parse.",
    tool({"src/index.ts": '''import Fastify from "fastify";
const app = Fastify();
app.get("/api/tags", async (_req, reply) => {
  return reply.send({ tags: ["dragons", "training"] });
};
app.listen({ port: 3000 });
'''}, "esbuild src/index.ts --bundle --platform=node --packages=external --outfile=dist/index.js"),
    libs=("esbuild", "fastify"), fw="fastify", expect=r"Expected \"\)\" but found")

add("tsx-transform-syntax-error", "startup.syntax", "tsx",
    "https://runebook.dev/en/articles/esbuild/api/index/transform", "blog",
    "tsx compiles each file with esbuild on load, so a syntax error surfaces as an esbuild transform failure when the server starts.",
    "routes.ts has an object literal with a missing comma between properties; tsx aborts the start with 'Transform failed' and an Expected ... but found message.",
    tool({"src/index.ts": '''import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { profile } from "./routes";
const app = new Hono();
app.get("/api/profiles/:username", (c) => c.json(profile(c.req.param("username"))));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
''', "src/routes.ts": '''export function profile(username: string) {
  return {
    profile: {
      username: username
      bio: null,
      following: false,
    },
  };
}
'''}, "tsx src/index.ts"),
    libs=("tsx", "hono"), fw="hono", expect=r"Expected \"\}\" but found \"bio\"|Transform failed")

add("tsx-esm-no-default-export", "xfile.reference.import", "tsx",
    "https://taourl.com/read-2651621.html", "qa",
    "An ES module import of a default binding fails at link time when the target module only has named exports.",
    "index.ts does import db from './db.js' but db.ts only has named exports; under type: module tsx stops with 'does not provide an export named default' — a mismatch between two project files.",
    tool({"src/index.ts": '''import { Hono } from "hono";
import { serve } from "@hono/node-server";
import db from "./db.js";
const app = new Hono();
app.get("/api/articles", (c) => c.json({ articles: db.all(), articlesCount: db.all().length }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
''', "src/db.ts": '''const rows: { slug: string }[] = [];
export function all() { return rows; }
export function insert(slug: string) { rows.push({ slug }); }
'''}, "tsx src/index.ts", pkg={**PKG, "type": "module"}),
    libs=("tsx", "hono"), fw="hono", expect=r"does not provide an export named 'default'")


def _harness_build_fails(ctx):
    ctx.link_node_modules()
    ctx.write({"package.json": _j(PKG), "tsconfig.json": _j(TSC_CJS),
               "src/index.ts": '''import Fastify from "fastify";
import { listArticles } from "./store";
const app = Fastify({ logger: true });
app.get("/api/articles", async () => {
  const articles = listArticles();
  return { articles, articlesCount: articles.length };
});
app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
''', "src/store.ts": '''export interface Article { slug: string; favoritesCount: number }
const rows: Article[] = [{ slug: "hello", favoritesCount: "0" }];
export function listArticles(): Article[] { return rows; }
''', **harness_files([{"name": "list_articles", "method": "GET", "path": "/api/articles", "status": 200}],
                     start="npm run build && npm start", startup=12)})
    out = ctx.run("python harness.py", env={"PORT": str(ctx.port)}, timeout=60)
    return {"test_output": out, "log": (ctx.dir / "server.log").read_text()}


add("harness-server-did-not-start-tsc", "startup.dependency.build", "harness-lines",
    "https://openillumi.com/?p=89603", "blog",
    "A strict type error makes tsc exit non-zero, so a start script chained after the build never runs.",
    "The harness runs 'npm run build && npm start' and reports 'Server did not start in time'; server.log shows TS2322 in store.ts, the upstream cause of the missing server.",
    _harness_build_fails, libs=("typescript", "fastify"), fw="fastify",
    expect=r"Server did not start in time")


# ---------------------------------------------------------------------------------------------
# Part B: failures that only show in test results
# ---------------------------------------------------------------------------------------------

FLASK = "python -m flask --app app run --port $PORT"
UVICORN = "uvicorn app:app --port $PORT"
DJANGO = "python app.py runserver 127.0.0.1:$PORT --noreload"
PYRUN = "python app.py"
NODE = "node app.js"
PYTEST = "python -m pytest -q -p no:cacheprovider --color=no tests"
PYTEST_COLOR = "python -m pytest -q -p no:cacheprovider --color=yes tests"
UNITTEST = "python -m unittest -v test_api"
JEST = "jest --ci --no-watchman --roots '<rootDir>/tests'"
JEST_COLOR = JEST + " --colors"
MOCHA = "mocha --no-colors tests/api.test.js"
HARNESS = "python harness.py"


def live_case(app: dict[str, str], server: str, tests: dict[str, str], test_cmd: str, env: dict | None = None):
    def make(ctx):
        ctx.link_node_modules()
        ctx.write({"package.json": _j({"name": "api", "private": True}), **app, **tests})
        log, out = live(ctx, server, test_cmd, env=env)
        if env and env.get("HARNESS_REPORT"):  # byte-exact report (keeps CRLF line endings)
            out = ctx.clean((ctx.dir / env["HARNESS_REPORT"]).read_bytes().decode())
        return {"log": log, "test_output": out}
    return make


def status_case(app: dict[str, str], server: str, requests: list[dict]):
    def make(ctx):
        ctx.link_node_modules()
        ctx.write(app)
        log, responses = ctx.serve(server, requests)
        return {"log": log, "test_output": status_lines(responses)}
    return make


def py(body: str) -> str:
    """A pytest/unittest module header: requests against BASE_URL."""
    return "import os\nimport requests\n\nBASE = os.environ['BASE_URL']\n\n" + body


def js(body: str) -> str:
    return 'const request = require("supertest");\nconst BASE = process.env.BASE_URL;\n\n' + body


def mjs(body: str) -> str:
    return ('const request = require("supertest");\nconst { expect } = require("chai");\n'
            'const BASE = process.env.BASE_URL;\n\n' + body)


EXPRESS_HEAD = '''const express = require("express");
const app = express();
app.use(express.json());
app.use((req, res, next) => {
  res.on("finish", () => console.log(`${req.method} ${req.originalUrl} ${res.statusCode}`));
  next();
});
'''
EXPRESS_TAIL = '\napp.listen(Number(process.env.PORT), "127.0.0.1", () => console.log(`listening on ${process.env.PORT}`));\n'
KOA_HEAD = '''const Koa = require("koa");
const Router = require("@koa/router");
const bodyParser = require("koa-bodyparser");
const app = new Koa();
const router = new Router();
app.use(async (ctx, next) => { await next(); console.log(`${ctx.method} ${ctx.url} ${ctx.status}`); });
app.use(bodyParser());
'''
KOA_TAIL = '\napp.use(router.routes()).use(router.allowedMethods());\napp.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("koa listening"));\n'
FASTIFY_HEAD = 'const Fastify = require("fastify");\nconst app = Fastify({ logger: true });\n'
FASTIFY_TAIL = '\napp.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });\n'
HONO_HEAD = '''const { Hono } = require("hono");
const { serve } = require("@hono/node-server");
const { logger } = require("hono/logger");
const app = new Hono();
app.use(logger());
'''
HONO_TAIL = '\nserve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: "127.0.0.1" }, () => console.log("hono listening"));\n'
AIOHTTP_HEAD = '''import logging
import os
from aiohttp import web

logging.basicConfig(level=logging.INFO)
routes = web.RouteTableDef()
'''
AIOHTTP_TAIL = '''
app = web.Application()
app.add_routes(routes)
web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
'''
DJANGO_HEAD = '''import json
import sys

from django.conf import settings

settings.configure(DEBUG=False, SECRET_KEY="dev", ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"],
                   MIDDLEWARE=[], INSTALLED_APPS=[])

from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
'''
DJANGO_TAIL = '''
if __name__ == "__main__":
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
'''


def express(body):
    return {"app.js": EXPRESS_HEAD + body + EXPRESS_TAIL}


def koa(body):
    return {"app.js": KOA_HEAD + body + KOA_TAIL}


def fastify(body):
    return {"app.js": FASTIFY_HEAD + body + FASTIFY_TAIL}


def hono(body):
    return {"app.js": HONO_HEAD + body + HONO_TAIL}


def aiohttp_app(body):
    return {"app.py": AIOHTTP_HEAD + body + AIOHTTP_TAIL}


def django_app(body):
    return {"app.py": DJANGO_HEAD + body + DJANGO_TAIL}


def B(id, label, fw, shape, source, kind, cause, rationale, make, expect, libs=(), lang=None, db=None):
    lang = lang or ("python" if fw in ("flask", "fastapi", "django", "aiohttp") else "node")
    add(id, label, shape, source, kind, cause, rationale, make, libs=libs or (fw,), fw=fw, lang=lang, db=db, expect=expect)


# ----- logic.business ------------------------------------------------------------------------

B("fastapi-create-default-200", "logic.business.status_code", "fastapi", "pytest",
  "https://bfotool.com/interview/fastapi/status-codes", "blog",
  "FastAPI answers 200 OK unless the path operation declares another status code (status_code=201 on the decorator, for example).",
  "POST /api/users creates the user and returns it, but the decorator has no status_code, so the test asserting 201 fails with 200 == 201; routes, body and data are fine.",
  live_case({"app.py": '''from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
USERS = []

class NewUser(BaseModel):
    username: str
    email: str
    password: str

class UserIn(BaseModel):
    user: NewUser

@app.post("/api/users")
def register(body: UserIn):
    USERS.append(body.user)
    return {"user": {"username": body.user.username, "email": body.user.email, "token": "t-1"}}
'''}, UVICORN, {"tests/test_users.py": py('''
def test_register_returns_201():
    r = requests.post(f"{BASE}/api/users", json={"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}})
    assert r.status_code == 201
    assert r.json()["user"]["username"] == "jake"
''')}, PYTEST), r"assert 200 == 201", libs=("fastapi", "uvicorn", "pytest", "requests"))

B("flask-create-default-200", "logic.business.status_code", "flask", "unittest",
  "https://codemia.io/knowledge-hub/path/return_http_status_code_201_in_flask", "blog",
  "A Flask view returns 200 unless it returns a (body, status) tuple or sets the status; create endpoints should answer 201 Created.",
  "The create view returns jsonify(article) with no status, so the client sees 200; the unittest FAIL block shows AssertionError 200 != 201 while the article itself is stored.",
  live_case({"app.py": '''from flask import Flask, jsonify, request

app = Flask(__name__)
ARTICLES = {}

@app.post("/api/articles")
def create_article():
    data = request.get_json()["article"]
    slug = data["title"].lower().replace(" ", "-")
    ARTICLES[slug] = {**data, "slug": slug}
    return jsonify({"article": ARTICLES[slug]})
'''}, FLASK, {"test_api.py": py('''import unittest


class ArticleTests(unittest.TestCase):
    def test_create_article(self):
        r = requests.post(f"{BASE}/api/articles", json={"article": {"title": "How to train", "body": "x"}})
        self.assertEqual(r.status_code, 201)


if __name__ == "__main__":
    unittest.main()
''')}, UNITTEST), r"AssertionError: 200 != 201", libs=("flask", "requests"))

B("express-create-res-json-200", "logic.business.status_code", "express", "jest",
  "https://hectoday.com/courses/testing-apis/testing-post-endpoints", "blog",
  "A create endpoint should answer 201 with the created resource; tests for POST check that status explicitly.",
  "The Express handler calls res.json(comment) without res.status(201); supertest's expect(201) fails with 'expected 201 \"Created\", got 200 \"OK\"' although the comment was saved.",
  live_case(express('''const comments = [];
app.post("/api/articles/:slug/comments", (req, res) => {
  const comment = { id: comments.length + 1, body: req.body.comment.body, createdAt: new Date().toISOString() };
  comments.push(comment);
  res.json({ comment });
});
'''), NODE, {"tests/comments.test.js": js('''test("POST comment answers 201", async () => {
  await request(BASE).post("/api/articles/hello/comments").send({ comment: { body: "nice" } }).expect(201);
});
''')}, JEST), r'expected 201 "Created", got 200 "OK"', libs=("express", "jest", "supertest"))

B("fastify-create-return-200", "logic.business.status_code", "fastify", "mocha",
  "https://jsschools.com/fastify/async-handlers", "blog",
  "A Fastify async handler that just returns a value is sent as 200; reply.code(201) must be set to answer 201.",
  "POST /api/articles returns the new article from an async handler without reply.code(201); the mocha test on the status fails with expected 200 to equal 201; pino log shows statusCode 200.",
  live_case(fastify('''const articles = [];
app.post("/api/articles", async (request) => {
  const article = { slug: request.body.article.title.toLowerCase().replace(/ /g, "-"), ...request.body.article };
  articles.push(article);
  return { article };
});
'''), NODE, {"tests/api.test.js": mjs('''describe("articles", () => {
  it("creates an article with 201", async () => {
    const res = await request(BASE).post("/api/articles").send({ article: { title: "Dragons", body: "b" } });
    expect(res.status).to.equal(201);
  });
});
''')}, MOCHA), r"expected 200 to equal 201", libs=("fastify", "mocha", "chai", "supertest"))

B("koa-body-sets-200", "logic.business.status_code", "koa", "harness-lines",
  "http://man.hubwiz.com/docset/koa.docset/Contents/Resources/Documents/troubleshooting.html", "docs",
  "In Koa, assigning ctx.body when no status was set explicitly makes the response 200.",
  "The create-tag handler sets ctx.body only, so Koa answers 200 where the contract wants 201; the harness prints 'Expected 201 but got 200 for create_tag' with the handler otherwise working.",
  live_case(koa('''const tags = new Set();
router.post("/api/tags", (ctx) => {
  tags.add(ctx.request.body.tag.name);
  ctx.body = { tag: { name: ctx.request.body.tag.name } };
});
'''), NODE, harness_files([{"name": "create_tag", "method": "POST", "path": "/api/tags", "json": {"tag": {"name": "dragons"}}, "status": 201, "fields": ["tag.name"]}]), HARNESS),
  r"Expected 201 but got 200 for create_tag", libs=("koa", "@koa/router"))

B("hono-c-json-default-200", "logic.business.status_code", "hono", "status-line",
  "https://explain.codes//return-http-status-code-201-in-flask", "blog",
  "HTTP 201 is the status for a successful creation; an API that answers 200 for a create loses that meaning for clients.",
  "The Hono handler returns c.json(user) without the status argument, so POST /api/users answers 200 OK; the client's status line shows it next to an otherwise correct body.",
  status_case(hono('''const users = [];
app.post("/api/users", async (c) => {
  const { user } = await c.req.json();
  users.push(user);
  return c.json({ user: { username: user.username, email: user.email, token: "t" } });
});
'''), NODE, [{"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "email": "j@j.j", "password": "jakejake"}}}]),
  r"POST /api/users -> 200 OK", libs=("hono", "@hono/node-server"))

B("fastapi-validation-400-not-422", "logic.business.status_code", "fastapi", "pytest",
  "https://wrnmd.com/liam-swinney/styleguides/blob/master/api.md", "blog",
  "Validation errors on a well-formed request body are 422 Unprocessable Entity; 400 is for malformed requests.",
  "A custom RequestValidationError handler converts FastAPI's 422 into 400; the contract test for an empty email expects 422 and fails with 400 == 422.",
  live_case({"app.py": '''from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

app = FastAPI()

@app.exception_handler(RequestValidationError)
async def bad_request(request: Request, exc: RequestValidationError):
    return JSONResponse(status_code=400, content={"errors": {"body": [e["msg"] for e in exc.errors()]}})

class NewUser(BaseModel):
    username: str
    email: str = Field(min_length=3)
    password: str

class Body(BaseModel):
    user: NewUser

@app.post("/api/users", status_code=201)
def register(body: Body):
    return {"user": body.user.model_dump(exclude={"password"})}
'''}, UVICORN, {"tests/test_validation.py": py('''
def test_empty_email_is_422():
    r = requests.post(f"{BASE}/api/users", json={"user": {"username": "u", "email": "", "password": "p"}})
    assert r.status_code == 422, r.text
''')}, PYTEST), r"assert 400 == 422", libs=("fastapi", "pytest"))

B("express-validation-400-not-422", "logic.business.status_code", "express", "mocha",
  "https://syntaxfix.com/question/17638/400-vs-422-response-to-post-of-data", "qa",
  "Answers on the 400-vs-422 question reserve 422 for bodies that parse but fail semantic validation.",
  "The Express register handler answers 400 for a missing username where the spec requires 422; mocha+supertest fails with expected 422 \"Unprocessable Entity\", got 400 \"Bad Request\".",
  live_case(express('''app.post("/api/users", (req, res) => {
  const user = (req.body && req.body.user) || {};
  if (!user.username) return res.status(400).json({ errors: { username: ["can't be blank"] } });
  res.status(201).json({ user });
});
'''), NODE, {"tests/api.test.js": mjs('''describe("POST /api/users", () => {
  it("rejects a blank username with 422", () =>
    request(BASE).post("/api/users").send({ user: { email: "a@b.c", password: "x" } }).expect(422));
});
''')}, MOCHA), r'expected 422 "Unprocessable Entity", got 400 "Bad Request"', libs=("express", "mocha", "supertest"))

B("flask-missing-row-500", "logic.business.status_code", "flask", "werkzeug",
  "https://softwareengineering.stackexchange.com/questions/368213/should-a-rest-api-return-a-500-internal-server-error-to-indicate-that-a-query-re/368241", "qa",
  "A request for an id that does not exist is a client-side condition (404), not a server error (500).",
  "GET /api/articles/<slug> indexes the lookup result without checking for None, so an unknown slug raises TypeError and Flask answers 500 where the spec wants 404; the traceback is in our own handler.",
  live_case({"app.py": '''from flask import Flask, jsonify

app = Flask(__name__)
ARTICLES = {"hello": {"slug": "hello", "title": "Hello"}}

@app.get("/api/articles/<slug>")
def get_article(slug):
    article = ARTICLES.get(slug)
    return jsonify({"article": {"slug": article["slug"], "title": article["title"]}})
'''}, FLASK, harness_files([{"name": "get_article", "path": "/api/articles/hello", "status": 200},
                            {"name": "get_missing_article", "path": "/api/articles/nope", "status": 404}]), HARNESS),
  r"Expected 404 but got 500 for get_missing_article", libs=("flask",))

B("fastapi-missing-item-200-null", "logic.business.status_code", "fastapi", "unittest",
  "https://samspelbot.com/questions/35", "qa",
  "When the lookup returns nothing the handler must raise a 404; returning the empty result makes the framework answer 200.",
  "GET /api/profiles/{username} returns the dict lookup directly; for an unknown user FastAPI serialises None with 200 and the unittest expecting 404 fails.",
  live_case({"app.py": '''from fastapi import FastAPI

app = FastAPI()
PROFILES = {"jake": {"username": "jake", "bio": None, "following": False}}

@app.get("/api/profiles/{username}")
def get_profile(username: str):
    return PROFILES.get(username)
'''}, UVICORN, {"test_api.py": py('''import unittest


class ProfileTests(unittest.TestCase):
    def test_unknown_profile_is_404(self):
        r = requests.get(f"{BASE}/api/profiles/nobody")
        self.assertEqual(r.status_code, 404, r.text)


if __name__ == "__main__":
    unittest.main()
''')}, UNITTEST), r"AssertionError: 200 != 404", libs=("fastapi", "requests"))

B("django-duplicate-400-not-409", "logic.business.status_code", "django", "harness-lines",
  "https://stackoverflow.com/questions/26587082/http-status-code-for-username-already-exists-when-registering-new-account/54400272", "qa",
  "Registering a username that already exists conflicts with the current state of the resource; 409 Conflict is the usual answer.",
  "The Django register view answers 400 for a duplicate username where the contract wants 409; first registration passes, the second fails in the harness.",
  live_case(django_app('''USERS = {}


def register(request):
    data = json.loads(request.body or b"{}").get("user", {})
    if data.get("username") in USERS:
        return JsonResponse({"errors": {"username": ["has already been taken"]}}, status=400)
    USERS[data["username"]] = data
    return JsonResponse({"user": {"username": data["username"]}}, status=201)


urlpatterns = [path("api/users", register)]
'''), DJANGO, harness_files([
      {"name": "register", "method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "password": "p"}}, "status": 201},
      {"name": "register_duplicate", "method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "password": "p"}}, "status": 409}]), HARNESS),
  r"Expected 409 but got 400 for register_duplicate", libs=("django",))

B("fastapi-password-min-length-invented", "logic.business.validation", "fastapi", "pytest",
  "https://agentfactory.panaversity.org/docs/Programming-in-the-AI-Era/tests-as-specification/validation-with-pydantic/field-constraints-and-error-messages", "blog",
  "Pydantic field constraints declared on the request model are enforced on every request, so a constraint the spec does not have rejects valid input with 422.",
  "The register model adds Field(min_length=12) to password, a rule the spec never states; a valid registration gets 422 'String should have at least 12 characters'.",
  live_case({"app.py": '''from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI()

class NewUser(BaseModel):
    username: str
    email: str
    password: str = Field(min_length=12)

class Body(BaseModel):
    user: NewUser

@app.post("/api/users", status_code=201)
def register(body: Body):
    return {"user": {"username": body.user.username, "email": body.user.email, "token": "t"}}
'''}, UVICORN, {"tests/test_register.py": py('''
def test_register():
    r = requests.post(f"{BASE}/api/users", json={"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}})
    assert r.status_code == 201, r.text
''')}, PYTEST), r"at least 12 characters", libs=("fastapi", "pydantic"))

B("aiohttp-email-regex-rejects-plus", "logic.business.validation", "aiohttp", "status-line",
  "https://m.php.cn/http/http-http422.html", "blog",
  "422 signals a request the server understood but whose content it refuses; a home-made email pattern that refuses valid addresses turns valid requests into 422s.",
  "The aiohttp register handler checks emails with a hand-written pattern that refuses '+' in the local part; a valid address gets 422 from our own rule.",
  status_case(aiohttp_app('''import re

EMAIL = re.compile(r"^[a-z0-9.]+@[a-z0-9]+\\\\.[a-z]+$")


@routes.post("/api/users")
async def register(request):
    user = (await request.json())["user"]
    if not EMAIL.match(user["email"]):
        return web.json_response({"errors": {"email": ["is invalid"]}}, status=422)
    return web.json_response({"user": {"email": user["email"]}}, status=201)
'''), PYRUN, [{"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "email": "jake+test@example.com", "password": "jakejake"}}}]),
  r"422 Unprocessable Entity", libs=("aiohttp",))

B("express-delete-204-no-body", "logic.business.status_code", "express", "jest",
  "https://fastapitiangolo.pages.dev/es/tutorial/response-status-code", "docs",
  "204 No Content carries no body; an endpoint whose contract returns the deleted or updated object must answer 200 with that body.",
  "DELETE /api/articles/:slug/favorite answers 204 with no body, where the spec expects 200 and the article; jest+supertest reports expected 200 \"OK\", got 204 \"No Content\".",
  live_case(express('''const favorites = new Set(["hello"]);
app.delete("/api/articles/:slug/favorite", (req, res) => {
  favorites.delete(req.params.slug);
  res.status(204).end();
});
'''), NODE, {"tests/favorite.test.js": js('''test("unfavorite returns the article", async () => {
  const res = await request(BASE).delete("/api/articles/hello/favorite").expect(200);
  expect(res.body.article.favorited).toBe(false);
});
''')}, JEST), r'expected 200 "OK", got 204 "No Content"', libs=("express", "jest", "supertest"))

B("flask-missing-token-403-not-401", "logic.business.status_code", "flask", "ansi",
  "https://supertokens.com/blog/http-error-codes-401-vs-403/", "blog",
  "401 means the request carries no valid credentials; 403 means the caller is known but not allowed.",
  "The Flask current-user view answers 403 when the Authorization header is missing, where the spec expects 401; pytest shows assert 403 == 401.",
  live_case({"app.py": '''from flask import Flask, jsonify, request

app = Flask(__name__)

@app.get("/api/user")
def current_user():
    if "Authorization" not in request.headers:
        return jsonify({"errors": {"body": ["forbidden"]}}), 403
    return jsonify({"user": {"username": "jake"}})
'''}, FLASK, {"tests/test_auth.py": py('''
def test_current_user_requires_auth():
    r = requests.get(f"{BASE}/api/user")
    assert r.status_code == 401
''')}, PYTEST_COLOR), r"assert 403 == 401", libs=("flask", "pytest"))

B("express-list-oldest-first", "logic.business.rule", "express", "mocha",
  "https://hectoday.com/courses/testing-apis/testing-post-endpoints", "blog",
  "A list endpoint's order is part of its contract; tests create records and check what the list returns after creation.",
  "GET /api/articles returns articles in insertion order (oldest first), but the contract orders by most recent; the mocha assertion on the first slug fails.",
  live_case(express('''const articles = [];
app.post("/api/articles", (req, res) => {
  const article = { slug: req.body.article.title.toLowerCase(), createdAt: new Date(Date.now() + articles.length).toISOString() };
  articles.push(article);
  res.status(201).json({ article });
});
app.get("/api/articles", (req, res) => res.json({ articles, articlesCount: articles.length }));
'''), NODE, {"tests/api.test.js": mjs('''describe("GET /api/articles", () => {
  it("lists the newest article first", async () => {
    await request(BASE).post("/api/articles").send({ article: { title: "first" } }).expect(201);
    await request(BASE).post("/api/articles").send({ article: { title: "second" } }).expect(201);
    const res = await request(BASE).get("/api/articles").expect(200);
    expect(res.body.articles[0].slug).to.equal("second");
  });
});
''')}, MOCHA), r"expected 'first' to equal 'second'", libs=("express", "mocha", "chai"))

B("fastapi-non-author-can-delete", "logic.business.rule", "fastapi", "pytest",
  "https://www.authgear.com/post/http-401-vs-403", "blog",
  "A caller who is authenticated but not permitted to act on a resource should get 403 Forbidden.",
  "DELETE /api/articles/{slug} checks only that a token is present, never that the caller is the author; another user's delete succeeds with 204 where the spec wants 403.",
  live_case({"app.py": '''from fastapi import FastAPI, Header, HTTPException, Response

app = FastAPI()
ARTICLES = {"hello": {"slug": "hello", "author": "jake"}}

@app.delete("/api/articles/{slug}", status_code=204)
def delete_article(slug: str, authorization: str = Header(None)):
    if not authorization:
        raise HTTPException(status_code=401)
    ARTICLES.pop(slug, None)
    return Response(status_code=204)
'''}, UVICORN, {"tests/test_ownership.py": py('''
def test_only_author_can_delete():
    r = requests.delete(f"{BASE}/api/articles/hello", headers={"Authorization": "Token celeb-token"})
    assert r.status_code == 403
''')}, PYTEST), r"assert 204 == 403", libs=("fastapi",))

B("fastapi-update-requires-all-fields", "logic.business.validation", "fastapi", "pytest",
  "https://fastapi.tiangolo.com/tutorial/body-multiple-params", "docs",
  "Body fields declared without a default are required, so a model reused for partial updates rejects bodies that omit them.",
  "PUT /api/user reuses the registration model (email and password required) for updates; a bio-only update gets 422 'Field required'.",
  live_case({"app.py": '''from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
ME = {"username": "jake", "email": "jake@jake.jake", "bio": None}

class UserFields(BaseModel):
    email: str
    password: str
    bio: str | None = None

class Body(BaseModel):
    user: UserFields

@app.put("/api/user")
def update_user(body: Body):
    ME.update(body.user.model_dump(exclude_unset=True, exclude={"password"}))
    return {"user": ME}
'''}, UVICORN, {"tests/test_update.py": py('''
def test_update_bio_only():
    r = requests.put(f"{BASE}/api/user", json={"user": {"bio": "I like to skateboard"}})
    assert r.status_code == 200, r.text
''')}, PYTEST), r"Field required", libs=("fastapi",))

B("koa-repeat-follow-error", "logic.business.rule", "koa", "harness-lines",
  "https://http-status.org/docs/409/", "docs",
  "409 Conflict is for a request that conflicts with current state; an idempotent action such as following again should not be treated as a conflict when the spec says it succeeds.",
  "Following an already-followed profile answers 409 from our handler, but the contract makes follow idempotent (200 with following: true); the second follow fails in the harness.",
  live_case(koa('''const follows = new Set();
router.post("/api/profiles/:username/follow", (ctx) => {
  if (follows.has(ctx.params.username)) {
    ctx.status = 409;
    ctx.body = { errors: { body: ["already following"] } };
    return;
  }
  follows.add(ctx.params.username);
  ctx.body = { profile: { username: ctx.params.username, following: true } };
});
'''), NODE, harness_files([
      {"name": "follow", "method": "POST", "path": "/api/profiles/jake/follow", "status": 200, "equals": {"profile.following": True}},
      {"name": "follow_again", "method": "POST", "path": "/api/profiles/jake/follow", "status": 200, "equals": {"profile.following": True}}]), HARNESS),
  r"Expected 200 but got 409 for follow_again", libs=("koa",))


# ----- incomplete.endpoint -------------------------------------------------------------------

B("fastapi-route-never-written-404", "incomplete.endpoint.missing", "fastapi", "pytest",
  "https://fastapitiangolo.pages.dev/es/tutorial/response-status-code", "docs",
  "404 Not Found is what a server answers for a path it has nothing for.",
  "The app defines login and register but no GET /api/user at all; FastAPI answers 404 {\"detail\":\"Not Found\"} and the current-user test fails.",
  live_case({"app.py": '''from fastapi import FastAPI

app = FastAPI()

@app.post("/api/users", status_code=201)
def register(body: dict):
    return {"user": {**body["user"], "token": "t"}}

@app.post("/api/users/login")
def login(body: dict):
    return {"user": {"email": body["user"]["email"], "token": "t"}}
'''}, UVICORN, {"tests/test_user.py": py('''
def test_current_user():
    r = requests.get(f"{BASE}/api/user", headers={"Authorization": "Token t"})
    assert r.status_code == 200, r.text
''')}, PYTEST), r"assert 404 == 200", libs=("fastapi",))

B("express-route-never-written-404", "incomplete.endpoint.missing", "express", "ansi",
  "https://checklist.day/registry/supertest", "docs",
  "supertest reports 'expected 200 \"OK\", got 404 \"Not Found\"' when the endpoint the test calls does not exist or is not reachable.",
  "The Express app has article routes but nothing for comments; GET /api/articles/:slug/comments falls through to Express's 404 and the jest test fails with got 404.",
  live_case(express('''app.get("/api/articles/:slug", (req, res) => res.json({ article: { slug: req.params.slug } }));
'''), NODE, {"tests/comments.test.js": js('''test("list comments", async () => {
  await request(BASE).get("/api/articles/hello/comments").expect(200);
});
''')}, JEST_COLOR), r'expected 200 "OK", got 404 "Not Found"', libs=("express", "jest", "supertest"))

B("flask-route-never-written-404", "incomplete.endpoint.missing", "flask", "werkzeug",
  "https://www.codingeasypeasy.com/blog/fixing-method-not-allowed-405-errors-in-flask-a-comprehensive-guide", "blog",
  "Flask answers 404 Not Found when the requested URL does not exist at all (as opposed to 405, where the URL exists but not for that method).",
  "The Flask app never defines the profile endpoints; the werkzeug log shows GET /api/profiles/jake 404 and the harness reports the missing route.",
  live_case({"app.py": '''from flask import Flask, jsonify

app = Flask(__name__)

@app.get("/api/tags")
def tags():
    return jsonify({"tags": []})
'''}, FLASK, harness_files([{"name": "list_tags", "path": "/api/tags"},
                            {"name": "get_profile", "path": "/api/profiles/jake", "fields": ["profile.username"]}]), HARNESS),
  r"Expected 200 but got 404 for get_profile", libs=("flask",))

B("flask-put-never-written-405", "incomplete.endpoint.missing", "flask", "status-line",
  "https://www.codingeasypeasy.com/blog/fixing-method-not-allowed-405-errors-in-flask-a-comprehensive-guide", "blog",
  "Flask answers 405 Method Not Allowed when the URL exists but no view accepts the request method.",
  "Only GET /api/user is written; the update handler (PUT) never was, so the client gets 405 METHOD NOT ALLOWED on a spec endpoint.",
  status_case({"app.py": '''from flask import Flask, jsonify

app = Flask(__name__)

@app.get("/api/user")
def current_user():
    return jsonify({"user": {"username": "jake", "bio": None}})
'''}, FLASK, [{"method": "GET", "path": "/api/user"},
              {"method": "PUT", "path": "/api/user", "json": {"user": {"bio": "hi"}}}]),
  r"PUT /api/user -> 405 METHOD NOT ALLOWED", libs=("flask",))

B("fastapi-delete-never-written-405", "incomplete.endpoint.missing", "fastapi", "unittest",
  "https://pythonkb.com/?p=6582", "blog",
  "A 405 means the path is known but no handler accepts the method used.",
  "The comments path has GET and POST handlers only; DELETE /api/articles/{slug}/comments/{id} was never implemented and FastAPI answers 405 {\"detail\":\"Method Not Allowed\"}.",
  live_case({"app.py": '''from fastapi import FastAPI

app = FastAPI()
COMMENTS = [{"id": 1, "body": "hi"}]

@app.get("/api/articles/{slug}/comments/{cid}")
def get_comment(slug: str, cid: int):
    return {"comment": COMMENTS[0]}

@app.post("/api/articles/{slug}/comments", status_code=201)
def add_comment(slug: str, body: dict):
    return {"comment": {"id": 2, **body["comment"]}}
'''}, UVICORN, {"test_api.py": py('''import unittest


class CommentTests(unittest.TestCase):
    def test_delete_comment(self):
        r = requests.delete(f"{BASE}/api/articles/hello/comments/1", headers={"Authorization": "Token t"})
        self.assertEqual(r.status_code, 200, r.text)


if __name__ == "__main__":
    unittest.main()
''')}, UNITTEST), r"405 != 200", libs=("fastapi",))

B("fastapi-notimplementederror-500", "incomplete.endpoint.stub", "fastapi", "uvicorn",
  "https://Developer.mozilla.org/en-US/docs/Web/HTTP/Status/501", "docs",
  "Functionality a server does not support yet is reported as 501 Not Implemented; a placeholder that raises NotImplementedError instead reaches the client as an unhandled 500.",
  "The feed handler's body is raise NotImplementedError; uvicorn logs the traceback ending in NotImplementedError and the client gets 500 — a placeholder, not a crash in real logic.",
  live_case({"app.py": '''from fastapi import FastAPI

app = FastAPI()

@app.get("/api/articles")
def list_articles():
    return {"articles": [], "articlesCount": 0}

@app.get("/api/articles/feed")
def feed():
    # TODO: articles from followed authors
    raise NotImplementedError("feed")
'''}, UVICORN, harness_files([{"name": "list_articles", "path": "/api/articles"}, {"name": "feed", "path": "/api/articles/feed"}]), HARNESS),
  r"NotImplementedError", libs=("fastapi", "uvicorn"))

B("flask-abort-501-stub", "incomplete.endpoint.stub", "flask", "unittest",
  "https://http.dev/501", "docs",
  "501 Not Implemented says the server lacks the functionality needed to fulfil the request.",
  "The favorite view is a stub that calls abort(501); the unittest for favoriting gets 501 NOT IMPLEMENTED instead of 200.",
  live_case({"app.py": '''from flask import Flask, abort

app = Flask(__name__)

@app.post("/api/articles/<slug>/favorite")
def favorite(slug):
    abort(501)  # not implemented yet
'''}, FLASK, {"test_api.py": py('''import unittest


class FavoriteTests(unittest.TestCase):
    def test_favorite(self):
        r = requests.post(f"{BASE}/api/articles/hello/favorite", headers={"Authorization": "Token t"})
        self.assertEqual(r.status_code, 200, r.text[:200])


if __name__ == "__main__":
    unittest.main()
''')}, UNITTEST), r"501 != 200", libs=("flask",))

B("express-501-json-stub", "incomplete.endpoint.stub", "express", "mocha",
  "https://dret.github.io/webconcepts/concepts/http-status-code/501", "docs",
  "501 Not Implemented: the server does not support the functionality required to fulfil the request.",
  "The Express tags route is a placeholder answering 501 {error: 'Not implemented'}; mocha+supertest fails with expected 200 \"OK\", got 501 \"Not Implemented\".",
  live_case(express('''app.get("/api/tags", (req, res) => {
  res.status(501).json({ error: "Not implemented" });
});
'''), NODE, {"tests/api.test.js": mjs('''describe("GET /api/tags", () => {
  it("lists tags", () => request(BASE).get("/api/tags").expect(200));
});
''')}, MOCHA), r'expected 200 "OK", got 501 "Not Implemented"', libs=("express", "mocha", "supertest"))

B("express-todo-handler-never-responds", "incomplete.endpoint.stub", "express", "jest",
  "https://javascript.ru/forum/522969-post10.html", "qa",
  "Express leaves a request hanging when the route handler never calls a response method.",
  "The update-article handler is a TODO that neither responds nor calls next(); the request hangs and jest reports 'Exceeded timeout of 3000 ms'.",
  live_case(express('''app.put("/api/articles/:slug", (req, res) => {
  // TODO: update the article and return it
  const changes = req.body.article;
  console.log("update requested", Object.keys(changes));
});
'''), NODE, {"tests/update.test.js": js('''test("update article", async () => {
  await request(BASE).put("/api/articles/hello").send({ article: { title: "New" } }).expect(200);
}, 3000);
''')}, JEST + " --forceExit"), r"Exceeded timeout of 3000 ms", libs=("express", "jest", "supertest"))

B("koa-route-never-written-404", "incomplete.endpoint.missing", "koa", "crlf",
  "https://geeksrepos.com/feegloo/koa-default-body", "docs",
  "Koa answers 404 Not Found for requests no router handles.",
  "The Koa router has the article routes but no comments route; the harness (CRLF output) reports 404 for the comment endpoints.",
  live_case(koa('''router.get("/api/articles/:slug", (ctx) => { ctx.body = { article: { slug: ctx.params.slug } }; });
'''), NODE, harness_files([{"name": "get_article", "path": "/api/articles/hello"},
                          {"name": "add_comment", "method": "POST", "path": "/api/articles/hello/comments", "json": {"comment": {"body": "x"}}, "status": 201}]),
  HARNESS, env={"HARNESS_CRLF": "1", "HARNESS_REPORT": "report.txt"}),
  r"Expected 201 but got 404 for add_comment\r\n", libs=("koa",))

B("koa-stub-no-body-404", "incomplete.endpoint.stub", "koa", "status-line",
  "http://man.hubwiz.com/docset/koa.docset/Contents/Resources/Documents/troubleshooting.html", "docs",
  "Koa's default response status is 404; a matched route whose middleware never sets a body or status still answers 404.",
  "GET /api/articles/feed is registered but its handler is an empty placeholder; Koa answers 404 Not Found for a route that exists.",
  status_case(koa('''router.get("/api/articles/feed", async (ctx) => {
  // placeholder: feed not implemented
});
'''), NODE, [{"method": "GET", "path": "/api/articles/feed"}]),
  r"GET /api/articles/feed -> 404 Not Found", libs=("koa",))

B("fastify-route-never-written-404", "incomplete.endpoint.missing", "fastify", "pino-json",
  "https://thecodebarbarian.com/building-rest-apis-with-async-await-and-fastify", "blog",
  "Fastify routes are registered explicitly; requests for anything else get Fastify's 404 handler.",
  "The Fastify app never registers the unfollow route; pino logs the request with statusCode 404 and the client sees Route DELETE:/api/profiles/jake/follow not found.",
  status_case(fastify('''app.post("/api/profiles/:username/follow", async (request) => ({ profile: { username: request.params.username, following: true } }));
'''), NODE, [{"method": "POST", "path": "/api/profiles/jake/follow"}, {"method": "DELETE", "path": "/api/profiles/jake/follow"}]),
  r"Route DELETE:/api/profiles/jake/follow not found", libs=("fastify",))

B("hono-route-never-written-404", "incomplete.endpoint.missing", "hono", "harness-lines",
  "https://www.codecademy.com/courses/learn-express/lessons/learn-express-routes/exercises/matching-route-paths", "docs",
  "A router sends 404 Not Found when no registered route matches the request.",
  "The Hono app has login only; the harness's register call hits Hono's default 404 text response, so every step after it fails.",
  live_case(hono('''app.post("/api/users/login", async (c) => {
  const { user } = await c.req.json();
  return c.json({ user: { email: user.email, token: "t" } });
});
'''), NODE, harness_files([{"name": "register", "method": "POST", "path": "/api/users", "json": {"user": {"username": "u", "email": "u@u.u", "password": "p"}}, "status": 201},
                          {"name": "login", "method": "POST", "path": "/api/users/login", "json": {"user": {"email": "u@u.u", "password": "p"}}, "fields": ["user.token"]}]), HARNESS),
  r"Expected 201 but got 404 for register", libs=("hono",))

B("django-url-never-written-404", "incomplete.endpoint.missing", "django", "status-line",
  "https://runebook.dev/en/docs/django_rest_framework/api-guide/exceptions/index/notfound", "docs",
  "An incorrect or unrouted URL yields a 404 Not Found.",
  "urlpatterns only routes api/articles; the tags endpoint was never written, so Django answers 404 with its 'Not Found' page.",
  status_case(django_app('''def articles(request):
    return JsonResponse({"articles": [], "articlesCount": 0})


urlpatterns = [path("api/articles", articles)]
'''), DJANGO, [{"method": "GET", "path": "/api/articles"}, {"method": "GET", "path": "/api/tags"}]),
  r"GET /api/tags -> 404 Not Found", libs=("django",))

B("aiohttp-route-never-written-404", "incomplete.endpoint.missing", "aiohttp", "pytest",
  "https://samspelbot.com/questions/35", "qa",
  "Endpoints the API promises must exist; a request to one that was never added gets the framework's 404.",
  "The aiohttp route table has no favorite routes; POST /api/articles/hello/favorite answers 404: Not Found and the pytest check fails.",
  live_case(aiohttp_app('''@routes.get("/api/articles/{slug}")
async def get_article(request):
    return web.json_response({"article": {"slug": request.match_info["slug"], "favorited": False}})
'''), PYRUN, {"tests/test_favorite.py": py('''
def test_favorite_article():
    r = requests.post(f"{BASE}/api/articles/hello/favorite", headers={"Authorization": "Token t"})
    assert r.status_code == 200, r.text
''')}, PYTEST), r"404: Not Found", libs=("aiohttp",))

B("fastapi-stub-returns-empty-list", "incomplete.endpoint.stub", "fastapi", "pytest",
  "https://skilldb.dev/skills/api-testing-skills/supertest", "docs",
  "Asserting on the response body, not just the status, catches handlers that answer 200 with the wrong content.",
  "GET /api/articles/{slug}/comments is a stub that always returns {\"comments\": []}; the comment just posted is never listed and the test on the list length fails.",
  live_case({"app.py": '''from fastapi import FastAPI

app = FastAPI()
COMMENTS = []

@app.post("/api/articles/{slug}/comments", status_code=201)
def add_comment(slug: str, body: dict):
    comment = {"id": len(COMMENTS) + 1, "body": body["comment"]["body"]}
    COMMENTS.append(comment)
    return {"comment": comment}

@app.get("/api/articles/{slug}/comments")
def list_comments(slug: str):
    return {"comments": []}  # TODO
'''}, UVICORN, {"tests/test_comments.py": py('''
def test_comment_is_listed():
    requests.post(f"{BASE}/api/articles/hello/comments", json={"comment": {"body": "first!"}})
    r = requests.get(f"{BASE}/api/articles/hello/comments")
    assert len(r.json()["comments"]) == 1
''')}, PYTEST), r"assert 0 == 1", libs=("fastapi",))

B("hono-501-stub", "incomplete.endpoint.stub", "hono", "jest",
  "https://Developer.mozilla.org/en-US/docs/Web/HTTP/Status/501", "docs",
  "501 Not Implemented means the server does not support the functionality the request needs.",
  "The Hono profile route is a placeholder returning c.text('Not Implemented', 501); jest+supertest fails with expected 200 \"OK\", got 501.",
  live_case(hono('''app.get("/api/profiles/:username", (c) => c.text("Not Implemented", 501));
'''), NODE, {"tests/profile.test.js": js('''test("get profile", async () => {
  await request(BASE).get("/api/profiles/jake").expect(200);
});
''')}, JEST), r'expected 200 "OK", got 501 "Not Implemented"', libs=("hono", "jest", "supertest"))


# ----- contract.shape ------------------------------------------------------------------------

B("fastapi-snake-case-fields", "contract.shape.missing_field", "fastapi", "pytest",
  "https://medium.com/analytics-vidhya/camel-case-models-with-fast-api-and-pydantic-5a8acb6c0eee", "blog",
  "Pydantic models serialise their Python (snake_case) field names unless aliases are generated, so camelCase clients do not find the keys they expect.",
  "The article model declares created_at / favorites_count / tag_list with no alias generator; the response carries snake_case keys and the test reading createdAt fails with KeyError.",
  live_case({"app.py": '''from datetime import datetime, timezone
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()

class Article(BaseModel):
    slug: str
    title: str
    tag_list: list[str]
    favorites_count: int
    created_at: datetime

@app.get("/api/articles/{slug}")
def get_article(slug: str):
    article = Article(slug=slug, title="Hello", tag_list=["intro"], favorites_count=0,
                      created_at=datetime(2024, 1, 1, tzinfo=timezone.utc))
    return {"article": article}
'''}, UVICORN, {"tests/test_article.py": py('''
def test_article_fields():
    article = requests.get(f"{BASE}/api/articles/hello").json()["article"]
    assert article["createdAt"].startswith("2024")
    assert article["favoritesCount"] == 0
''')}, PYTEST), r"KeyError: 'createdAt'", libs=("fastapi", "pydantic"))

B("fastapi-jsonresponse-skips-aliases", "contract.shape.missing_field", "fastapi", "unittest",
  "https://fastapi.tiangolo.com/ru/advanced/additional-status-codes", "docs",
  "A Response object returned directly is sent as is; it is not serialised through the response model, so model aliases are not applied.",
  "The profile model has camelCase aliases, but the handler returns JSONResponse(profile.model_dump()), which dumps field names; the client gets image_url instead of imageUrl.",
  live_case({"app.py": '''from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

app = FastAPI()

class Profile(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)
    username: str
    image_url: str | None = None
    is_following: bool = False

@app.get("/api/profiles/{username}", response_model=Profile)
def get_profile(username: str):
    profile = Profile(username=username, image_url="https://img/1.png")
    return JSONResponse({"profile": profile.model_dump()})
'''}, UVICORN, {"test_api.py": py('''import unittest


class ProfileShape(unittest.TestCase):
    def test_camel_case(self):
        profile = requests.get(f"{BASE}/api/profiles/jake").json()["profile"]
        self.assertIn("imageUrl", profile)


if __name__ == "__main__":
    unittest.main()
''')}, UNITTEST), r"'imageUrl' not found in", libs=("fastapi", "pydantic"))

B("fastapi-response-model-drops-token", "contract.shape.missing_field", "fastapi", "pytest",
  "https://fastapi.tiangolo.com/ja/tutorial/response-model/", "docs",
  "FastAPI limits the output to the fields of the declared response_model; anything else the handler returns is filtered out.",
  "The login handler returns the token, but response_model=UserOut has no token field, so FastAPI strips it; the test reading user.token fails.",
  live_case({"app.py": '''from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()

class UserOut(BaseModel):
    username: str
    email: str

class LoginOut(BaseModel):
    user: UserOut

@app.post("/api/users/login", response_model=LoginOut)
def login(body: dict):
    email = body["user"]["email"]
    return {"user": {"username": "jake", "email": email, "token": "jwt.token.here"}}
'''}, UVICORN, {"tests/test_login.py": py('''
def test_login_returns_token():
    r = requests.post(f"{BASE}/api/users/login", json={"user": {"email": "jake@jake.jake", "password": "jakejake"}})
    assert r.status_code == 200
    assert "token" in r.json()["user"]
''')}, PYTEST), r"assert 'token' in", libs=("fastapi",))

B("fastify-response-schema-strips-token", "contract.shape.missing_field", "fastify", "mocha",
  "https://app.unpkg.com/fastify@4.0.2/files/test/schema-serialization.test.js", "docs",
  "Fastify serialises replies with the route's response schema, and properties the schema does not declare are dropped from the body.",
  "The register route's 201 schema lists username and email only; the handler returns a token too, but Fastify's serializer removes it and the mocha check on user.token fails.",
  live_case(fastify('''const userSchema = { type: "object", properties: { user: { type: "object", properties: { username: { type: "string" }, email: { type: "string" } } } } };
app.post("/api/users", { schema: { response: { 201: userSchema } } }, async (request, reply) => {
  const { user } = request.body;
  reply.code(201);
  return { user: { username: user.username, email: user.email, token: "jwt.token" } };
});
'''), NODE, {"tests/api.test.js": mjs('''describe("register", () => {
  it("returns the user with a token", async () => {
    const res = await request(BASE).post("/api/users").send({ user: { username: "jake", email: "j@j.j", password: "p" } }).expect(201);
    expect(res.body.user).to.have.property("token");
  });
});
''')}, MOCHA), r"to have property 'token'", libs=("fastify", "mocha", "chai"))

B("express-user-not-wrapped", "contract.shape.wrapping", "express", "jest",
  "https://skilldb.dev/skills/api-testing-skills/supertest", "docs",
  "A 200 with the wrong body shape is still a bug; tests assert on response body structure, not only status.",
  "The Express login handler returns the user object bare ({email, token}) instead of {user: {...}}; the status passes and jest's toHaveProperty('user.token') fails.",
  live_case(express('''app.post("/api/users/login", (req, res) => {
  const { email } = req.body.user;
  res.json({ email, username: "jake", token: "jwt.token" });
});
'''), NODE, {"tests/login.test.js": js('''test("login returns {user}", async () => {
  const res = await request(BASE).post("/api/users/login").send({ user: { email: "jake@jake.jake", password: "p" } }).expect(200);
  expect(res.body).toHaveProperty("user.token");
});
''')}, JEST), r'toHaveProperty\(path\)|Expected path: "user.token"', libs=("express", "jest", "supertest"))

B("flask-article-not-wrapped", "contract.shape.wrapping", "flask", "unittest",
  "https://hectoday.com/courses/testing-apis/testing-post-endpoints", "blog",
  "Tests for a create endpoint read the created resource back from the response body in the documented shape.",
  "The Flask create view returns the article fields at the top level; the contract wraps them in {\"article\": ...}, so the unittest gets KeyError: 'article' on a 201 response.",
  live_case({"app.py": '''from flask import Flask, jsonify, request

app = Flask(__name__)

@app.post("/api/articles")
def create_article():
    data = request.get_json()["article"]
    return jsonify({"slug": data["title"].lower().replace(" ", "-"), **data}), 201
'''}, FLASK, {"test_api.py": py('''import unittest


class CreateArticle(unittest.TestCase):
    def test_create(self):
        r = requests.post(f"{BASE}/api/articles", json={"article": {"title": "Hi there", "body": "b", "description": "d"}})
        self.assertEqual(r.status_code, 201)
        self.assertEqual(r.json()["article"]["slug"], "hi-there")


if __name__ == "__main__":
    unittest.main()
''')}, UNITTEST), r"KeyError: 'article'", libs=("flask",))

B("fastapi-flat-body-model", "contract.shape.wrapping", "fastapi", "status-line",
  "https://fastapi.tiangolo.com/tutorial/body-multiple-params", "docs",
  "A single Pydantic body parameter is read from the top level of the JSON body; to expect it under a key the parameter has to be embedded.",
  "The register model reads email/password at the top level while clients send {\"user\": {...}}; FastAPI answers 422 with missing body.email / body.password for every valid registration.",
  status_case({"app.py": '''from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()

class Register(BaseModel):
    username: str
    email: str
    password: str

@app.post("/api/users", status_code=201)
def register(user: Register):
    return {"user": {"username": user.username, "email": user.email, "token": "t"}}
'''}, UVICORN, [{"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}}]),
  r"422 Unprocessable Entity[\s\S]*Field required", libs=("fastapi",))

B("express-list-bare-array", "contract.shape.wrapping", "express", "mocha",
  "https://hectoday.com/courses/testing-apis/testing-post-endpoints", "blog",
  "Integration tests create through POST and read back through GET, checking the list response as documented.",
  "GET /api/articles sends the bare array; the contract wraps it as {articles, articlesCount}, so chai's have.property('articles') fails on an otherwise correct list.",
  live_case(express('''const articles = [{ slug: "hello", title: "Hello" }];
app.get("/api/articles", (req, res) => res.json(articles));
'''), NODE, {"tests/api.test.js": mjs('''describe("GET /api/articles", () => {
  it("wraps the list", async () => {
    const res = await request(BASE).get("/api/articles").expect(200);
    expect(res.body).to.have.property("articlesCount", 1);
  });
});
''')}, MOCHA), r"to have property 'articlesCount'", libs=("express", "mocha", "chai"))


def _pg_count_case(ctx):
    from capture import postgres
    ctx.link_node_modules()
    ctx.write({"package.json": _j({"name": "api", "private": True}), **express('''const { Pool } = require("pg");
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
app.get("/api/articles", async (req, res) => {
  const { rows } = await pool.query("SELECT slug FROM articles ORDER BY slug");
  const count = await pool.query("SELECT COUNT(*) AS n FROM articles");
  res.json({ articles: rows, articlesCount: count.rows[0].n });
});
'''), "tests/count.test.js": js('''test("articlesCount is a number", async () => {
  const res = await request(BASE).get("/api/articles").expect(200);
  expect(res.body.articlesCount).toBe(2);
});
''')})
    with postgres() as dsn:
        import subprocess
        subprocess.run(["psql", dsn, "-q", "-c", "CREATE TABLE articles (slug text); INSERT INTO articles VALUES ('a'), ('b');"], check=True)
        log, out = live(ctx, NODE, JEST, env={"DATABASE_URL": dsn})
    return {"log": log, "test_output": out}


B("express-pg-count-string", "contract.shape.type", "express", "jest",
  "https://node-postgres.com/features/types", "docs",
  "node-postgres returns int8/bigint values (such as COUNT(*)) as JavaScript strings unless a type parser is registered.",
  "articlesCount comes straight from SELECT COUNT(*), so the JSON carries \"2\" (a string); jest's toBe(2) fails with Expected: 2, Received: \"2\".",
  _pg_count_case, r'Received: "2"', libs=("express", "pg", "jest", "supertest"), db="postgres")

B("express-sqlite-boolean-0-1", "contract.shape.type", "express", "jest",
  "https://blog.manos-liakos.dev/sqlite3-booleans/", "blog",
  "SQLite has no boolean storage class; booleans come back from the driver as the integers 0 and 1.",
  "favorited is read from a better-sqlite3 column and sent unchanged, so the JSON has 0 where the contract expects false; jest toBe(false) receives 0.",
  live_case(express('''const Database = require("better-sqlite3");
const db = new Database(":memory:");
db.exec("CREATE TABLE articles (slug TEXT, favorited INTEGER DEFAULT 0)");
db.prepare("INSERT INTO articles (slug) VALUES (?)").run("hello");
app.get("/api/articles/:slug", (req, res) => {
  const article = db.prepare("SELECT slug, favorited FROM articles WHERE slug = ?").get(req.params.slug);
  res.json({ article });
});
'''), NODE, {"tests/article.test.js": js('''test("favorited is a boolean", async () => {
  const res = await request(BASE).get("/api/articles/hello").expect(200);
  expect(res.body.article.favorited).toBe(false);
});
''')}, JEST), r"Received: 0", libs=("express", "better-sqlite3", "jest"), db="sqlite")

B("flask-sqlite-following-int", "contract.shape.type", "flask", "harness-lines",
  "https://notes.caro.fyi/notes/sqlite-has-no-boolean-datatype/", "blog",
  "SQLite stores booleans as small integers (0/1), so a value read back without conversion is an integer, not true/false.",
  "The Flask profile view copies the sqlite3 row into JSON; following is 1, and the harness flags 'profile.following should be boolean but is int'.",
  live_case({"app.py": '''import sqlite3
from flask import Flask, jsonify

app = Flask(__name__)
db = sqlite3.connect(":memory:", check_same_thread=False)
db.row_factory = sqlite3.Row
db.execute("CREATE TABLE profiles (username TEXT, bio TEXT, following INTEGER)")
db.execute("INSERT INTO profiles VALUES ('jake', NULL, 1)")

@app.get("/api/profiles/<username>")
def profile(username):
    row = db.execute("SELECT * FROM profiles WHERE username = ?", (username,)).fetchone()
    return jsonify({"profile": dict(row)})
'''}, FLASK, harness_files([{"name": "get_profile", "path": "/api/profiles/jake", "types": {"profile.following": "boolean"}}]), HARNESS),
  r"Field 'profile\.following' should be boolean but is int", libs=("flask",), db="sqlite")

B("koa-created-at-epoch-number", "contract.shape.type", "koa", "harness-lines",
  "https://time.foobar.digital/storage/json/", "blog",
  "JSON has no date type; APIs conventionally send RFC 3339 strings, and bare epoch numbers are ambiguous to consumers.",
  "The Koa comment handler sends createdAt: Date.now(), a number; the contract expects an ISO 8601 string and the harness reports the type mismatch.",
  live_case(koa('''const comments = [];
router.post("/api/articles/:slug/comments", (ctx) => {
  const comment = { id: comments.length + 1, body: ctx.request.body.comment.body, createdAt: Date.now() };
  comments.push(comment);
  ctx.status = 201;
  ctx.body = { comment };
});
'''), NODE, harness_files([{"name": "add_comment", "method": "POST", "path": "/api/articles/hello/comments", "json": {"comment": {"body": "hi"}}, "status": 201, "types": {"comment.createdAt": "string", "comment.id": "number"}}]), HARNESS),
  r"Field 'comment\.createdAt' should be string but is int", libs=("koa",))


def _sequelize_case(ctx):
    ctx.link_node_modules()
    ctx.write({"package.json": _j({"name": "api", "private": True}), **express('''const { Sequelize, DataTypes } = require("sequelize");
const sequelize = new Sequelize({ dialect: "sqlite", storage: ":memory:", logging: false });
const Article = sequelize.define("article", { slug: DataTypes.STRING, title: DataTypes.STRING }, { underscored: true });
const ready = sequelize.sync().then(() => Article.create({ slug: "hello", title: "Hello" }));
app.get("/api/articles", async (req, res) => {
  await ready;
  const [rows] = await sequelize.query("SELECT slug, title, created_at, updated_at FROM articles");
  res.json({ articles: rows, articlesCount: rows.length });
});
'''), "tests/articles.test.js": js('''test("articles carry createdAt", async () => {
  const res = await request(BASE).get("/api/articles").expect(200);
  expect(res.body.articles[0]).toHaveProperty("createdAt");
});
''')})
    log, out = live(ctx, NODE, JEST)
    return {"log": log, "test_output": out}


B("express-sequelize-underscored-raw", "contract.shape.missing_field", "express", "jest",
  "https://sequelize.org/docs/v6/other-topics/naming-strategies", "docs",
  "With underscored: true Sequelize maps the createdAt attribute to a created_at column; raw SQL results carry the column names, not the attribute names.",
  "The list handler uses a raw SELECT on an underscored model, so rows have created_at/updated_at; jest's toHaveProperty('createdAt') fails on each article.",
  _sequelize_case, r'Expected path: "createdAt"', libs=("express", "sequelize", "sqlite3", "jest"), db="sqlite")

B("aiohttp-author-missing-following", "contract.shape.missing_field", "aiohttp", "harness-lines",
  "https://skilldb.dev/skills/api-testing-skills/supertest", "docs",
  "Checking the response body's structure catches responses that succeed but leave out contract fields.",
  "The aiohttp article view builds author as {username, bio, image} and never adds following; the harness reports the missing article.author.following field.",
  live_case(aiohttp_app('''@routes.get("/api/articles/{slug}")
async def get_article(request):
    author = {"username": "jake", "bio": None, "image": None}
    return web.json_response({"article": {"slug": request.match_info["slug"], "title": "Hello", "author": author}})
'''), PYRUN, harness_files([{"name": "get_article", "path": "/api/articles/hello", "fields": ["article.slug", "article.author.username", "article.author.following"]}]), HARNESS),
  r"Missing field 'article\.author\.following'", libs=("aiohttp",))

B("hono-id-from-param-string", "contract.shape.type", "hono", "jest",
  "https://typescriptpro.com/errors/ts2345", "blog",
  "Values taken from user input (forms, URLs) are strings; they must be converted before being used where a number is expected.",
  "The Hono comment route echoes c.req.param('id') as the comment id, a string, where the contract has a number; jest reports Expected: 1, Received: \"1\".",
  live_case(hono('''const comments = [{ id: 1, body: "first" }];
app.get("/api/articles/:slug/comments/:id", (c) => {
  const id = c.req.param("id");
  const found = comments.find((x) => String(x.id) === id);
  return c.json({ comment: { ...found, id } });
});
'''), NODE, {"tests/comment.test.js": js('''test("comment id is numeric", async () => {
  const res = await request(BASE).get("/api/articles/hello/comments/1").expect(200);
  expect(res.body.comment.id).toBe(1);
});
''')}, JEST_COLOR), r'Received: .{0,12}"1"', libs=("hono", "jest"))

B("django-tags-comma-string", "contract.shape.type", "django", "pytest",
  "https://jsontotypes.com/essays/dates-in-json", "blog",
  "JSON types are a contract between producer and consumer; a value encoded in a different JSON type than documented breaks every client.",
  "The Django view stores tags as a comma-joined string and returns it unchanged; tagList must be an array and the pytest isinstance check fails on 'dragons,training'.",
  live_case(django_app('''ARTICLES = {"dragons": {"slug": "dragons", "tags": "dragons,training"}}


def article(request, slug):
    row = ARTICLES[slug]
    return JsonResponse({"article": {"slug": row["slug"], "tagList": row["tags"]}})


urlpatterns = [path("api/articles/<slug:slug>", article)]
'''), DJANGO, {"tests/test_tags.py": py('''
def test_tag_list_is_array():
    tags = requests.get(f"{BASE}/api/articles/dragons").json()["article"]["tagList"]
    assert isinstance(tags, list), tags
''')}, PYTEST), r"AssertionError: dragons,training", libs=("django",))


# ----- logic.state ---------------------------------------------------------------------------

B("flask-sqlalchemy-add-without-commit", "logic.state.not_persisted", "flask", "pytest",
  "https://external.codecademy.com/courses/learn-flask/lessons/flask-read-update-delete-database/exercises/session-add-rollback", "docs",
  "In Flask-SQLAlchemy, session.add() only stages a change; it is written permanently when the session is committed.",
  "POST /api/articles adds the row to db.session and answers 201 but never commits; the session is discarded at request end, so the follow-up GET answers 404.",
  live_case({"app.py": '''from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
db = SQLAlchemy(app)

class Article(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String, unique=True)
    title = db.Column(db.String)

with app.app_context():
    db.create_all()

@app.post("/api/articles")
def create_article():
    data = request.get_json()["article"]
    article = Article(slug=data["title"].lower().replace(" ", "-"), title=data["title"])
    db.session.add(article)
    return jsonify({"article": {"slug": article.slug, "title": article.title}}), 201

@app.get("/api/articles/<slug>")
def get_article(slug):
    article = Article.query.filter_by(slug=slug).first_or_404()
    return jsonify({"article": {"slug": article.slug, "title": article.title}})
'''}, FLASK, {"tests/test_persist.py": py('''
def test_created_article_can_be_read():
    r = requests.post(f"{BASE}/api/articles", json={"article": {"title": "Saved Post"}})
    assert r.status_code == 201
    r = requests.get(f"{BASE}/api/articles/saved-post")
    assert r.status_code == 200
''')}, PYTEST), r"assert 404 == 200", libs=("flask", "flask-sqlalchemy"), db="sqlite")

CONCURRENT_CLIENT = '''import json, os, sys, urllib.error, urllib.request
from concurrent.futures import ThreadPoolExecutor

BASE = os.environ["BASE_URL"]

def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return f"{method} {path} -> {resp.status} {resp.reason}"
    except urllib.error.HTTPError as exc:
        return f"{method} {path} -> {exc.code} {exc.reason}"

print(call("POST", "/api/articles", {"article": {"slug": "shared", "title": "T"}}))
with ThreadPoolExecutor(8) as pool:
    for line in pool.map(lambda _: call("GET", "/api/articles/shared"), range(8)):
        print(line)
'''

B("gunicorn-workers-in-memory-dict", "logic.state.not_persisted", "flask", "gunicorn",
  "https://giraycoskun.dev/blog/2023/12/18/sharing-data-in-a-flask-app-accross-gunicorn-workers/", "blog",
  "Each gunicorn worker is a separate process with its own memory, so module-level data written in one worker is invisible to the others.",
  "Articles live in a module-level dict and gunicorn runs 4 sync workers; the create lands in one worker, and parallel reads served by the other workers answer 404 for the article just created.",
  live_case({"app.py": '''import time
from flask import Flask, jsonify, request

app = Flask(__name__)
ARTICLES = {}

@app.post("/api/articles")
def create():
    data = request.get_json()["article"]
    ARTICLES[data["slug"]] = data
    return jsonify({"article": data}), 201

@app.get("/api/articles/<slug>")
def read(slug):
    time.sleep(0.3)  # simulated query time
    if slug not in ARTICLES:
        return jsonify({"errors": {"body": ["not found"]}}), 404
    return jsonify({"article": ARTICLES[slug]})
''', "client.py": CONCURRENT_CLIENT}, "gunicorn -w 4 -b 127.0.0.1:$PORT app:app", {}, "python client.py"),
  r"GET /api/articles/shared -> 404 NOT FOUND", libs=("flask", "gunicorn"))

B("fastapi-sqlalchemy-id-before-flush", "logic.state.identifier_lost", "fastapi", "harness-lines",
  "https://www.sqlpey.com/python/solved-how-to-use-sqlalchemy-flush-to-retrieve-inserted-id", "blog",
  "An autoincrement primary key is only assigned when the session flushes the INSERT; reading the id right after session.add() gives None.",
  "The create handler reads item.id after add() and before commit/flush, so the response says id: null; the harness continues with /api/comments/None and gets 422.",
  live_case({"app.py": '''from fastapi import FastAPI, HTTPException
from sqlalchemy import Integer, String, create_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

engine = create_engine("sqlite:///app.db")

class Base(DeclarativeBase):
    pass

class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(String)

Base.metadata.create_all(engine)
app = FastAPI()

@app.post("/api/comments", status_code=201)
def create(payload: dict):
    with Session(engine) as session:
        comment = Comment(body=payload["comment"]["body"])
        session.add(comment)
        out = {"comment": {"id": comment.id, "body": comment.body}}
        session.commit()
    return out

@app.get("/api/comments/{cid}")
def read(cid: int):
    with Session(engine) as session:
        comment = session.get(Comment, cid)
        if comment is None:
            raise HTTPException(404)
        return {"comment": {"id": comment.id, "body": comment.body}}
'''}, UVICORN, harness_files([
      {"name": "create_comment", "method": "POST", "path": "/api/comments", "json": {"comment": {"body": "hi"}}, "status": 201, "save": {"cid": "comment.id"}, "types": {"comment.id": "number"}},
      {"name": "read_comment", "path": "/api/comments/{cid}"}]), HARNESS),
  r"Expected 200 but got 422 for read_comment", libs=("fastapi", "sqlalchemy"), db="sqlite")

B("express-create-drops-slug", "logic.state.identifier_lost", "express", "harness-lines",
  "https://hectoday.com/courses/testing-apis/testing-post-endpoints", "blog",
  "A create test reads the new resource's identifier from the response and uses it for the follow-up GET.",
  "The Express create handler stores the article under a generated slug but responds with the request body, which has no slug; the chain continues with /api/articles/None and gets 404.",
  live_case(express('''const articles = {};
app.post("/api/articles", (req, res) => {
  const input = req.body.article;
  const slug = input.title.toLowerCase().split(" ").join("-");
  articles[slug] = { ...input, slug };
  res.status(201).json({ article: input });
});
app.get("/api/articles/:slug", (req, res) => {
  const article = articles[req.params.slug];
  if (!article) return res.status(404).json({ errors: { body: ["not found"] } });
  res.json({ article });
});
'''), NODE, harness_files([
      {"name": "create_article", "method": "POST", "path": "/api/articles", "json": {"article": {"title": "How To Train", "body": "b"}}, "status": 201, "save": {"slug": "article.slug"}, "fields": ["article.slug"]},
      {"name": "get_article", "path": "/api/articles/{slug}"}]), HARNESS),
  r"Expected 200 but got 404 for get_article", libs=("express",))

B("fastapi-update-copy-not-stored", "logic.state.not_persisted", "fastapi", "pytest",
  "https://fastapi.tiangolo.com/tutorial/body-updates", "docs",
  "A partial update builds an updated copy of the stored model; the copy has to be written back to storage or the change is lost.",
  "PUT /api/user returns the updated copy but never assigns it back to the store; the next GET /api/user still shows the old bio.",
  live_case({"app.py": '''from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()

class User(BaseModel):
    username: str
    bio: str | None = None
    image: str | None = None

class UserPatch(BaseModel):
    bio: str | None = None
    image: str | None = None

STORE = {"jake": User(username="jake")}

@app.put("/api/user")
def update(body: dict):
    patch = UserPatch(**body["user"])
    updated = STORE["jake"].model_copy(update=patch.model_dump(exclude_unset=True))
    return {"user": updated}

@app.get("/api/user")
def current():
    return {"user": STORE["jake"]}
'''}, UVICORN, {"tests/test_update.py": py('''
def test_update_is_saved():
    r = requests.put(f"{BASE}/api/user", json={"user": {"bio": "I like to skateboard"}})
    assert r.json()["user"]["bio"] == "I like to skateboard"
    again = requests.get(f"{BASE}/api/user").json()["user"]
    assert again["bio"] == "I like to skateboard"
''')}, PYTEST_COLOR), r"assert None == 'I like to skateboard'", libs=("fastapi",))

B("aiohttp-state-on-request", "logic.state.not_persisted", "aiohttp", "aiohttp",
  "https://docs.aiohttp.org/en/latest/faq.html", "docs",
  "State shared between handlers belongs on the Application object (which supports the dict interface); the request object lives for one request only.",
  "The favorite handler stores favorites in request['favorites'], which disappears with the request; the article read afterwards still says favorited: false.",
  live_case(aiohttp_app('''@routes.post("/api/articles/{slug}/favorite")
async def favorite(request):
    request.setdefault("favorites", set()).add(request.match_info["slug"])
    return web.json_response({"article": {"slug": request.match_info["slug"], "favorited": True}})


@routes.get("/api/articles/{slug}")
async def get_article(request):
    slug = request.match_info["slug"]
    return web.json_response({"article": {"slug": slug, "favorited": slug in request.get("favorites", set())}})
'''), PYRUN, harness_files([
      {"name": "favorite", "method": "POST", "path": "/api/articles/hello/favorite", "equals": {"article.favorited": True}},
      {"name": "read_after_favorite", "path": "/api/articles/hello", "equals": {"article.favorited": True}}]), HARNESS),
  r"Field 'article\.favorited' expected True but got False for read_after_favorite", libs=("aiohttp",))

B("fastify-sqlite-id-from-wrong-field", "logic.state.identifier_lost", "fastify", "mocha",
  "https://app.unpkg.com/@isdk/kvsqlite@0.6.31/files/docs/interfaces/KVSqliteRunResult.md", "docs",
  "better-sqlite3's run() result has changes and lastInsertRowid; there is no id property on it.",
  "The create route returns info.id from stmt.run(), which is undefined, so the comment in the response has no id; the mocha chain then requests /api/comments/undefined and gets 404.",
  live_case(fastify('''const Database = require("better-sqlite3");
const db = new Database(":memory:");
db.exec("CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT)");
app.post("/api/comments", async (request, reply) => {
  const info = db.prepare("INSERT INTO comments (body) VALUES (?)").run(request.body.comment.body);
  reply.code(201);
  return { comment: { id: info.id, body: request.body.comment.body } };
});
app.get("/api/comments/:id", async (request, reply) => {
  const row = db.prepare("SELECT id, body FROM comments WHERE id = ?").get(request.params.id);
  if (!row) return reply.code(404).send({ errors: { body: ["not found"] } });
  return { comment: row };
});
'''), NODE, {"tests/api.test.js": mjs('''describe("comments", () => {
  it("reads back the created comment", async () => {
    const created = await request(BASE).post("/api/comments").send({ comment: { body: "hi" } }).expect(201);
    await request(BASE).get(`/api/comments/${created.body.comment.id}`).expect(200);
  });
});
''')}, MOCHA), r'expected 200 "OK", got 404 "Not Found"', libs=("fastify", "better-sqlite3", "mocha"), db="sqlite")

B("hono-uuid-generated-twice", "logic.state.identifier_lost", "hono", "harness-lines",
  "https://hectoday.com/courses/testing-apis/testing-post-endpoints", "blog",
  "The id a create response returns must be the one the resource is stored under, since clients use it for every later call.",
  "The Hono create handler stores the item under one crypto.randomUUID() and returns a second, fresh UUID; the follow-up GET with the returned id is 404.",
  live_case(hono('''const { randomUUID } = require("node:crypto");
const items = new Map();
app.post("/api/articles", async (c) => {
  const { article } = await c.req.json();
  items.set(randomUUID(), article);
  return c.json({ article: { id: randomUUID(), ...article } }, 201);
});
app.get("/api/articles/:id", (c) => {
  const article = items.get(c.req.param("id"));
  return article ? c.json({ article }) : c.json({ errors: { body: ["not found"] } }, 404);
});
'''), NODE, harness_files([
      {"name": "create_article", "method": "POST", "path": "/api/articles", "json": {"article": {"title": "T"}}, "status": 201, "save": {"id": "article.id"}},
      {"name": "get_article", "path": "/api/articles/{id}"}]), HARNESS),
  r"Expected 200 but got 404 for get_article", libs=("hono",))

B("express-save-not-awaited", "logic.state.not_persisted", "express", "jest",
  "http://thecodebarbarian.com/building-rest-apis-with-async-await-and-fastify", "blog",
  "Async work in a handler has to be awaited; Express does not wait for promises a handler starts and forgets.",
  "The create handler calls the async save() without await and answers 201 at once; the immediate GET runs before the write lands and answers 404.",
  live_case(express('''const store = new Map();
async function save(article) {
  await new Promise((r) => setTimeout(r, 300));
  store.set(article.slug, article);
}
app.post("/api/articles", (req, res) => {
  const article = { ...req.body.article, slug: req.body.article.title.toLowerCase() };
  save(article);
  res.status(201).json({ article });
});
app.get("/api/articles/:slug", (req, res) => {
  const article = store.get(req.params.slug);
  if (!article) return res.status(404).json({ errors: { body: ["not found"] } });
  res.json({ article });
});
'''), NODE, {"tests/persist.test.js": js('''test("created article is readable", async () => {
  await request(BASE).post("/api/articles").send({ article: { title: "dragons" } }).expect(201);
  await request(BASE).get("/api/articles/dragons").expect(200);
});
''')}, JEST), r'expected 200 "OK", got 404 "Not Found"', libs=("express", "jest", "supertest"))

B("koa-favorite-on-copy", "logic.state.not_persisted", "koa", "status-line",
  "https://fastapi.tiangolo.com/es/tutorial/body-updates", "docs",
  "An updated copy of a stored record changes nothing until it is written back to the store.",
  "The Koa favorite handler spreads the article into a new object and flips favorited on the copy; the POST answers favorited: true but the next GET shows false and favoritesCount 0.",
  status_case(koa('''const articles = { hello: { slug: "hello", favorited: false, favoritesCount: 0 } };
router.post("/api/articles/:slug/favorite", (ctx) => {
  const article = { ...articles[ctx.params.slug] };
  article.favorited = true;
  article.favoritesCount += 1;
  ctx.body = { article };
});
router.get("/api/articles/:slug", (ctx) => { ctx.body = { article: articles[ctx.params.slug] }; });
'''), NODE, [{"method": "POST", "path": "/api/articles/hello/favorite"}, {"method": "GET", "path": "/api/articles/hello"}]),
  r'GET /api/articles/hello -> 200 OK\n\{"article":\{"slug":"hello","favorited":false', libs=("koa",))


# ----- other output shapes: CI timestamps, process-manager prefixes ---------------------------

TIMESTAMPER = '''import datetime, subprocess, sys
proc = subprocess.Popen(sys.argv[1], shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
for line in proc.stdout:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(f"{stamp} {line}")
sys.exit(proc.wait())
'''

add("ci-npm-build-ts2551-repo-method", "xfile.reference.attribute", "ci-timestamp",
    "https://www.devcraftly.com/express/extending-request-types", "blog",
    "Accessing a member the declared type does not have fails type-checking; the compiler suggests a similarly named member when one exists.",
    "controllers/auth.ts calls userRepo.findByEmail() but repositories/user.ts defines findOneByEmail; the CI build log (timestamped lines) shows TS2551 with the suggestion — a method referenced across project files.",
    tool({"src/repositories/user.ts": '''export interface UserRow { id: number; email: string; passwordHash: string }
const rows: UserRow[] = [];
export const userRepo = {
  async findOneByEmail(email: string): Promise<UserRow | undefined> {
    return rows.find((r) => r.email === email);
  },
  async insert(row: UserRow): Promise<void> { rows.push(row); },
};
''', "src/controllers/auth.ts": '''import { userRepo } from "../repositories/user";

export async function login(email: string, password: string) {
  const user = await userRepo.findByEmail(email);
  if (!user || user.passwordHash !== password) return null;
  return { user: { email: user.email, token: "t" } };
}
''', "ci.py": TIMESTAMPER}, "python ci.py 'npm run build'"),
    libs=("typescript",), expect=r"error TS2551: Property 'findByEmail' does not exist on type")

B("fastapi-login-201-copy-paste", "logic.business.status_code", "fastapi", "ci-timestamp",
  "https://leyaa.ai/codefly/learn/fastapi/part-1/fastapi-status-code-control/visualize", "blog",
  "The status_code given on a FastAPI path decorator is what the endpoint answers on success.",
  "The login route carries status_code=201 (copied from register), so a successful login answers 201 where the spec expects 200; the CI test log shows assert 201 == 200.",
  live_case({"app.py": '''from fastapi import FastAPI

app = FastAPI()

@app.post("/api/users", status_code=201)
def register(body: dict):
    return {"user": {"email": body["user"]["email"], "token": "t"}}

@app.post("/api/users/login", status_code=201)
def login(body: dict):
    return {"user": {"email": body["user"]["email"], "token": "t"}}
''', "ci.py": TIMESTAMPER}, UVICORN, {"tests/test_login.py": py('''
def test_login_ok():
    r = requests.post(f"{BASE}/api/users/login", json={"user": {"email": "a@b.c", "password": "p"}})
    assert r.status_code == 200
''')}, "python ci.py '" + PYTEST + "'"), r"\dZ E +assert 201 == 200", libs=("fastapi", "pytest"))


def honcho_case(app: dict[str, str], web: str, test: str, extra: dict[str, str]):
    def make(ctx):
        ctx.link_node_modules()
        port = ctx.port
        procfile = f"web: {web}\ntest: sleep 2 && {test}\n"
        ctx.write({"package.json": _j({"name": "api", "private": True}), "Procfile": procfile, **app, **extra})
        out = ctx.run("honcho start --no-colour", env={"PORT": str(port), "BASE_URL": f"http://127.0.0.1:{port}"}, timeout=60)
        return {"log": out}
    return make


B("honcho-express-put-never-written", "incomplete.endpoint.missing", "express", "compose-prefix",
  "https://codedump.io/share/JPj0Ke7BWu2L/1/how-can-i-get-expressjs-to-404-only-on-missing-routes", "qa",
  "Any request that matches no route in Express produces a 404 without extra code.",
  "The process manager runs the Express app (web.1) and the mocha suite (test.1); PUT /api/articles/:slug was never written, so web.1 logs 404 and test.1 fails on it.",
  honcho_case(express('''const articles = { hello: { slug: "hello", title: "Hello" } };
app.get("/api/articles/:slug", (req, res) => res.json({ article: articles[req.params.slug] }));
'''), "node app.js", "mocha --no-colors tests/api.test.js", {"tests/api.test.js": mjs('''describe("articles", () => {
  it("reads", () => request(BASE).get("/api/articles/hello").expect(200));
  it("updates", () => request(BASE).put("/api/articles/hello").send({ article: { title: "New" } }).expect(200));
});
''')}), r"web\.1 +\| PUT /api/articles/hello 404", libs=("express", "mocha", "honcho"))

B("honcho-flask-author-as-string", "contract.shape.type", "flask", "compose-prefix",
  "https://skilldb.dev/skills/api-testing-skills/supertest", "docs",
  "A response can succeed and still carry the wrong structure; body-shape assertions catch it.",
  "Under the process manager, the Flask app (web.1) returns author as a bare username string; the harness (test.1) reports that article.author should be an object.",
  honcho_case({"app.py": '''from flask import Flask, jsonify

app = Flask(__name__)

@app.get("/api/articles/<slug>")
def article(slug):
    return jsonify({"article": {"slug": slug, "title": "Hello", "author": "jake"}})
'''}, "python -m flask --app app run --port $PORT", "python harness.py",
      harness_files([{"name": "get_article", "path": "/api/articles/hello", "types": {"article.author": "object"}}])),
  r"test\.1 +\| Field 'article\.author' should be object but is str", libs=("flask", "honcho"))


add("tsc-ts2554-service-arity", "xfile.reference.signature", "tsc",
    "https://errordex.in/typescript/ts2345", "blog",
    "TypeScript checks every call against the called function's declared parameters; a call that does not fit the declaration is a compile error.",
    "services/articles.ts declares createArticle(authorId, input) but the Koa route calls createArticle(input); tsc reports TS2554 Expected 2 arguments, but got 1 — the caller and the other file's signature disagree.",
    tool({"src/services/articles.ts": '''export interface ArticleInput { title: string; body: string }
export function createArticle(authorId: number, input: ArticleInput) {
  return { slug: input.title.toLowerCase(), authorId, ...input };
}
''', "src/routes.ts": '''import { createArticle } from "./services/articles";

export function handleCreate(body: { article: { title: string; body: string } }) {
  return { article: createArticle(body.article) };
}
'''}, "tsc -p ."),
    libs=("typescript",), expect=r"error TS2554: Expected 2 arguments, but got 1")

B("fastify-form-login-415", "framework.wiring.body_parsing", "fastify", "status-line",
  "https://kestra.io/docs/api-reference/problems/unsupported-media-type", "docs",
  "415 Unsupported Media Type is returned when a body arrives with a Content-Type the endpoint does not consume, e.g. text/plain or form data sent to a JSON-only endpoint.",
  "The contract's token endpoint posts application/x-www-form-urlencoded, but Fastify only parses JSON out of the box and no form-body parser is registered; every login answers 415 before the handler runs.",
  status_case(fastify('''app.post("/api/token", async (request) => {
  const { username } = request.body;
  return { access_token: `token-for-${username}`, token_type: "bearer" };
});
'''), NODE, [{"method": "POST", "path": "/api/token", "body": "username=jake&password=jakejake",
              "headers": {"Content-Type": "application/x-www-form-urlencoded"}}]),
  r"POST /api/token -> 415 Unsupported Media Type", libs=("fastify",))
