import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Document, Spectral } from "@stoplight/spectral-core";
import * as Parsers from "@stoplight/spectral-parsers";
import { oas } from "@stoplight/spectral-rulesets";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

/*
 * The tools a third party points at our OpenAPI documents, run as they run them (issue 18): none of
 * them is ours, so a document they accept is one a client generator in another language accepts too.
 */

/** One finding of a tool: where (a JSON pointer or path) and what. */
export interface Finding {
  rule: string;
  where: string;
  message: string;
}

export interface LintReport {
  errors: Finding[];
  warnings: Finding[];
}

/** swagger-parser's validate (schema of OpenAPI 3.1 plus its own rules): the first error, or none. */
export async function swaggerParserErrors(document: object): Promise<string[]> {
  try {
    // It dereferences in place: give it a copy.
    await SwaggerParser.validate(structuredClone(document) as never);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Redocly's `recommended` ruleset, as `redocly lint` applies it with no config file. */
export async function redoclyLint(document: object): Promise<LintReport> {
  const config = await createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({
    source: JSON.stringify(document),
    absoluteRef: "openapi.json",
    config,
  });
  const findings = (severity: string) =>
    problems
      .filter((p) => p.severity === severity)
      .map((p) => ({
        rule: p.ruleId,
        where: p.location.map((l) => l.pointer ?? "").join(" "),
        message: p.message,
      }));
  return { errors: findings("error"), warnings: findings("warn") };
}

/** Spectral's `spectral:oas` ruleset (its recommended rules), as `spectral lint` with that ruleset. */
export async function spectralLint(document: object): Promise<LintReport> {
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas as never, "recommended"]] });
  const results = await spectral.run(new Document(JSON.stringify(document, null, 2), Parsers.Json));
  const findings = (severity: number) =>
    results
      .filter((r) => r.severity === severity)
      .map((r) => ({ rule: String(r.code), where: r.path.join("."), message: r.message }));
  return { errors: findings(0), warnings: findings(1) };
}

/**
 * Generates the `paths` and `operations` types of `document` with openapi-typescript into a temporary
 * folder, then typechecks `usage` (a module that imports from "./api") against them, strictly.
 * Returns the compiler's diagnostics, one line each.
 */
export async function typecheckGeneratedClient(document: object, usage: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "pes-openapi-client-"));
  try {
    const generated = astToString(await openapiTS(document as never));
    writeFileSync(join(dir, "api.ts"), generated);
    writeFileSync(join(dir, "usage.ts"), usage);
    const program = ts.createProgram([join(dir, "usage.ts")], {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file || d.start === undefined) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName.slice(dir.length + 1)}:${line + 1}: ${text}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
