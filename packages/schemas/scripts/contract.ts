import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { z } from "zod";
import { FUJIAN_CITIES, type Party, type TopicFamily, topicFamilies } from "../src/catalogue.js";
import type { DefinedRecord } from "../src/definition.js";
import { CE_HEADER_OF, CloudEventAttributes } from "../src/envelope.js";
import { allRecords } from "../src/records/index.js";
import { SEAL_ALGORITHM, SIGNATURE_ALGORITHM, TRUST_HEADERS } from "../src/trust.js";

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const GENERATED_DIR = join(PACKAGE_DIR, "generated");
const KAFKA_BINDING = "0.5.0";

type Json = Record<string, unknown>;

/** The record's JSON Schema as a consumer should accept it: unknown fields allowed, for forward compatibility. */
export function recordJsonSchema(definition: DefinedRecord): Json {
  const { $schema, ...body } = z.toJSONSchema(definition.schema, { target: "draft-2020-12", io: "input" });
  return {
    $schema,
    $id: definition.dataschema,
    title: `${definition.title} (${definition.titleZh})`,
    "x-cloudevents-type": definition.ceType,
    ...body,
  };
}

const fileOf = (definition: DefinedRecord) => `json-schema/${definition.name}.v${definition.version}.json`;
/** Version 1 keeps the plain name (the ids published before versions existed); a later one adds `V<n>`. */
const messageId = (definition: DefinedRecord) =>
  definition.name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) +
  (definition.version > 1 ? `V${definition.version}` : "");
const messageName = (definition: DefinedRecord) =>
  definition.version > 1 ? `${definition.name}.v${definition.version}` : definition.name;
const messageTitle = (definition: DefinedRecord) =>
  `${definition.title} (${definition.titleZh})${definition.version > 1 ? `, v${definition.version}` : ""}`;
const schemaId = (definition: DefinedRecord) => `${definition.name}.v${definition.version}`;
const camel = (...words: string[]) =>
  words
    .flatMap((w) => w.split(/[-\s]/))
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join("");

function headersSchema(): Json {
  const attrs = z.toJSONSchema(CloudEventAttributes, { target: "draft-7", io: "input" }) as {
    properties: Record<string, Json>;
    required: string[];
  };
  const rename = (attr: string) => CE_HEADER_OF[attr as keyof typeof CE_HEADER_OF];
  return {
    type: "object",
    description: "CloudEvents 1.0, Kafka protocol binding, binary content mode: attributes travel as headers",
    required: attrs.required.map(rename),
    properties: Object.fromEntries(
      Object.entries(attrs.properties).map(([attr, schema]) => [rename(attr), schema]),
    ),
  };
}

/** The trust attributes of docs/adr/0006: every record is sealed for its reader and signed by its producer. */
function trustHeadersSchema(): Json {
  const hex = (description: string) => ({ type: "string", pattern: "^[0-9a-f]+$", description });
  const h = TRUST_HEADERS;
  return {
    type: "object",
    description:
      "Sealing and signature (docs/adr/0006, canonical form and Merkle proof there). The message value is base64 of " +
      "SM4-GCM(data key, nonce, AAD = ce_id) ciphertext ‖ 16-byte tag of the record's JSON, which the payload schema describes.",
    required: Object.values(h),
    properties: {
      [h.sealAlg]: { const: SEAL_ALGORITHM, description: "How the value is sealed" },
      [h.recipient]: {
        type: "string",
        description: "The reader's encryption key id (registry.json) the data key is wrapped for",
      },
      [h.wrappedKey]: hex("SM2 encryption (C1C3C2, C1 with its 04 prefix) of the 16-byte SM4 data key"),
      [h.nonce]: hex("The 12-byte SM4-GCM nonce"),
      [h.sigAlg]: { const: SIGNATURE_ALGORITHM, description: "How the batch root is signed" },
      [h.keyId]: { type: "string", description: "The producer's signing key id, registered for ce_source" },
      [h.signedAt]: { type: "string", format: "date-time", description: "When the batch was signed" },
      [h.root]: hex(
        "SM3 Merkle root of the batch: leaf SM3(0x00 ‖ canonical form), node SM3(0x01 ‖ left ‖ right)",
      ),
      [h.signature]: hex(
        "SM2 signature (SM3, user id 1234567812345678, DER) of 'pes-manifest-1\\n<keyId>\\n<signedAt>\\n<root>'",
      ),
      [h.proof]: {
        type: "string",
        pattern: "^([LR]:[0-9a-f]{64}(,[LR]:[0-9a-f]{64})*)?$",
        description: "Siblings from the leaf up (L: on the left, R: on the right); empty for a batch of one",
      },
    },
  };
}

function messageOf(definition: DefinedRecord): Json {
  const description = z.globalRegistry.get(definition.schema)?.description;
  const family = topicFamilies[definition.topic];
  return {
    name: messageName(definition),
    title: messageTitle(definition),
    ...(description ? { summary: description } : {}),
    contentType: "application/json",
    headers: {
      allOf: [
        { $ref: "#/components/schemas/CloudEventsHeaders" },
        { $ref: "#/components/schemas/TrustHeaders" },
        {
          type: "object",
          properties: {
            ce_type: { const: definition.ceType },
            ce_dataschema: { const: definition.dataschema },
          },
        },
      ],
    },
    payload: { $ref: `#/components/schemas/${schemaId(definition)}` },
    bindings: {
      kafka: {
        key: { type: "string", description: definition.keyDescription ?? `The ${family.key}` },
        bindingVersion: KAFKA_BINDING,
      },
    },
  };
}

function familiesOf(definition: DefinedRecord): TopicFamily["name"][] {
  return [definition.topic, ...(definition.alsoOn ?? [])];
}

function recordsOn(family: TopicFamily): DefinedRecord[] {
  // The dead-letter topic keeps the original record and its headers, whatever its type.
  if (family.name === "deadLetters") return allRecords;
  return allRecords.filter((r) => familiesOf(r).includes(family.name));
}

function channelOf(family: TopicFamily): Json {
  const parameters: Json = {};
  if (family.pattern.includes("{city}")) {
    parameters.city = {
      description: "GB/T 2260 code of a Fujian city (平潭 350128 is its own unit)",
      enum: Object.keys(FUJIAN_CITIES),
    };
  }
  if (family.pattern.includes("{market}")) {
    parameters.market = { description: "Id of a gig market or station: lowercase letters, digits and '-'" };
  }
  return {
    address: family.pattern,
    title: family.name,
    description: `${family.description}. Producers: ${family.producers.join(", ")}; consumers: ${family.consumers.join(", ")}; read scope: ${family.scope}.`,
    ...(Object.keys(parameters).length ? { parameters } : {}),
    messages: Object.fromEntries(
      recordsOn(family).map((r) => [messageId(r), { $ref: `#/components/messages/${messageId(r)}` }]),
    ),
    bindings: {
      kafka: {
        partitions: family.partitions,
        topicConfiguration: { "retention.ms": family.retentionMs },
        bindingVersion: KAFKA_BINDING,
      },
    },
  };
}

function operationsOf(family: TopicFamily): [string, Json][] {
  const messages = recordsOn(family).map((r) => ({
    $ref: `#/channels/${family.name}/messages/${messageId(r)}`,
  }));
  const op = (party: Party, action: "send" | "receive"): [string, Json] => [
    camel(party, action, family.name),
    {
      action,
      channel: { $ref: `#/channels/${family.name}` },
      title: `${party} ${action}s on ${family.pattern}`,
      messages,
    },
  ];
  return [...family.producers.map((p) => op(p, "send")), ...family.consumers.map((p) => op(p, "receive"))];
}

export function asyncApiDocument(): Json {
  const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, "package.json"), "utf8")) as {
    version: string;
  };
  const families = Object.values(topicFamilies);
  const schemas: Json = { CloudEventsHeaders: headersSchema(), TrustHeaders: trustHeadersSchema() };
  for (const r of allRecords) {
    const { $schema: _, ...body } = z.toJSONSchema(r.schema, { target: "draft-7", io: "input" });
    schemas[schemaId(r)] = { title: `${r.title} (${r.titleZh})`, $comment: r.dataschema, ...body };
  }
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Fujian public employment services: province–city data contract",
      version,
      description:
        "Records exchanged over Kafka between city nodes, the province hub and gig markets (一库一平台, 数据回流). " +
        "Each message is a CloudEvent in binary mode; person records are keyed by the person key, never the ID number. " +
        "Every value travels sealed for its reader and signed by its producer (TrustHeaders, docs/adr/0006). " +
        "Generated from packages/schemas; do not edit by hand.",
    },
    defaultContentType: "application/json",
    channels: Object.fromEntries(families.map((f) => [f.name, channelOf(f)])),
    operations: Object.fromEntries(families.flatMap(operationsOf)),
    components: {
      schemas,
      messages: Object.fromEntries(allRecords.map((r) => [messageId(r), messageOf(r)])),
    },
  };
}

/** Every generated file, path relative to generated/, with its exact content. */
export function contractFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const r of allRecords) files.set(fileOf(r), `${JSON.stringify(recordJsonSchema(r), null, 2)}\n`);
  files.set("asyncapi.yaml", stringify(asyncApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false }));
  return files;
}

/** Files that differ from what the schemas generate, are missing, or are left over; empty when up to date. */
export function staleContractFiles(dir = GENERATED_DIR): string[] {
  const expected = contractFiles();
  const stale: string[] = [];
  for (const [path, content] of expected) {
    let actual: string | undefined;
    try {
      actual = readFileSync(join(dir, path), "utf8");
    } catch {
      actual = undefined;
    }
    if (actual !== content) stale.push(path);
  }
  for (const path of listFiles(dir)) if (!expected.has(path)) stale.push(path);
  return stale;
}

export function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)))
      .sort();
  } catch {
    return [];
  }
}
