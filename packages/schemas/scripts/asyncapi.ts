/**
 * The AsyncAPI 3 document of the Kafka contract, what a node in another language implements: the
 * brokers and their mutual TLS, each topic family with its Kafka bindings (key, partitioner), each
 * record version as a message with typed headers and a payload schema named for code generators.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { FUJIAN_CITIES, type Party, type TopicFamily, topicFamilies } from "../src/catalogue.js";
import { MESSAGE_CHECKS } from "../src/checks.js";
import {
  DEAD_LETTER_HEADER_DESCRIPTIONS,
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_REASONS,
} from "../src/dead-letter.js";
import type { DefinedRecord } from "../src/definition.js";
import { CE_HEADER_OF, CloudEventAttributes } from "../src/envelope.js";
import { PERSON_KEY_PATTERN } from "../src/person-key.js";
import { allRecords } from "../src/records/index.js";
import { SEAL_ALGORITHM, SIGNATURE_ALGORITHM, TRUST_HEADERS } from "../src/trust.js";
import { cleanTitles, pascal } from "./model-names.js";

const KAFKA_BINDING = "0.5.0";
type Json = Record<string, unknown>;

/** Version 1 keeps the plain name (the ids published before versions existed); a later one adds `V<n>`. */
export const messageId = (definition: DefinedRecord) =>
  definition.name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) +
  (definition.version > 1 ? `V${definition.version}` : "");
const messageName = (definition: DefinedRecord) =>
  definition.version > 1 ? `${definition.name}.v${definition.version}` : definition.name;
const messageTitle = (definition: DefinedRecord) =>
  `${definition.title} (${definition.titleZh})${definition.version > 1 ? `, v${definition.version}` : ""}`;
/** The payload's model name, e.g. EmploymentRegistrationV1: what a code generator names its class. */
export const modelName = (definition: DefinedRecord) => `${pascal(definition.name)}V${definition.version}`;
const camel = (...words: string[]) =>
  words
    .flatMap((w) => w.split(/[-\s]/))
    .map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1)))
    .join("");

const CITY_CODES = Object.keys(FUJIAN_CITIES);
const SOURCE_PATTERN = `^(/city/(${CITY_CODES.join("|")})|/gig/[a-z0-9][a-z0-9-]{1,62}|/province)$`;

const PARTITIONER =
  "Partition = (murmur2(key as UTF-8) & 0x7fffffff) % partitions: the Java client's default partitioner, " +
  "as kafkajs's DefaultPartitioner (docs/contract: test vectors). librdkafka clients (kcat, confluent-kafka-go, " +
  "-python, -dotnet) default to consistent_random (CRC32) and must set partitioner=murmur2_random, or one " +
  "person's records land on two partitions and lose their order.";

const ATTRIBUTE_DESCRIPTIONS: Partial<Record<keyof typeof CE_HEADER_OF, string>> = {
  id: "Unique per event from its source; the consumer applies an id once (its inbox)",
  source: `The producer: /city/<city code> for a city node, /gig/<market id> for a gig market, /province for the hub. It must be the one producer of the topic (pes.city.{city}.* → /city/{city}, pes.gig.{market}.* → /gig/{market}, else /province) and the party whose key signed the record, or the record is dead-lettered (wrong-source)`,
  type: "cn.gov.fj.pes.<record>.v<major version>",
  time: "When the producer recorded the event (ISO 8601 with offset). Optional, as in CloudEvents: a consumer takes the Kafka timestamp when it is missing",
  subject:
    "The id of the record the event is about (data.id): a later revision of the record has the same subject; a rejection notice names it as recordId",
  dataschema:
    "The record's JSON Schema, https://pes.fj.gov.cn/schemas/<record>/v<n>.json (generated/json-schema)",
};

function cloudEventsHeaders(): { properties: Record<string, Json>; required: string[] } {
  const attrs = z.toJSONSchema(CloudEventAttributes, { target: "draft-7", io: "input" }) as {
    properties: Record<string, Json>;
    required: string[];
  };
  const header = (attr: string) => CE_HEADER_OF[attr as keyof typeof CE_HEADER_OF];
  const properties = Object.fromEntries(
    Object.entries(attrs.properties).map(([attr, schema]) => {
      const description = ATTRIBUTE_DESCRIPTIONS[attr as keyof typeof CE_HEADER_OF];
      const extra = attr === "source" ? { pattern: SOURCE_PATTERN } : {};
      return [header(attr), { ...schema, ...extra, ...(description ? { description } : {}) }];
    }),
  );
  return { properties, required: attrs.required.map(header) };
}

/** The trust attributes of docs/adr/0006: every record is sealed for its reader and signed by its producer. */
function trustHeaders(): { properties: Record<string, Json>; required: string[] } {
  const hex = (description: string) => ({ type: "string", pattern: "^[0-9a-f]+$", description });
  const h = TRUST_HEADERS;
  return {
    required: Object.values(h),
    properties: {
      [h.sealAlg]: { type: "string", const: SEAL_ALGORITHM, description: "How the value is sealed" },
      [h.recipient]: {
        type: "string",
        description: "The reader's encryption key id (registry.json) the data key is wrapped for",
      },
      [h.wrappedKey]: hex("SM2 encryption (C1C3C2, C1 with its 04 prefix) of the 16-byte SM4 data key"),
      [h.nonce]: hex("The 12-byte SM4-GCM nonce"),
      [h.sigAlg]: { type: "string", const: SIGNATURE_ALGORITHM, description: "How the batch root is signed" },
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

const TRUST_DESCRIPTION =
  "CloudEvents 1.0 attributes (Kafka protocol binding, binary content mode) and the seal and signature of " +
  "docs/adr/0006. The message value is base64 of SM4-GCM(data key, nonce, AAD = ce_id) ciphertext ‖ 16-byte " +
  "tag of the record's JSON, which the payload schema describes.";

/** One message's headers: a plain object schema, every header named (no allOf), its type and schema fixed. */
function recordHeaders(definition: DefinedRecord): Json {
  const ce = cloudEventsHeaders();
  const trust = trustHeaders();
  return {
    type: "object",
    description: TRUST_DESCRIPTION,
    required: [...ce.required, "ce_dataschema", ...trust.required],
    properties: {
      ...ce.properties,
      ce_type: { type: "string", const: definition.ceType, description: ATTRIBUTE_DESCRIPTIONS.type },
      ce_dataschema: {
        type: "string",
        const: definition.dataschema,
        description: ATTRIBUTE_DESCRIPTIONS.dataschema,
      },
      ...trust.properties,
    },
    "x-pes-checks": [...MESSAGE_CHECKS],
  };
}

function keySchema(definition: DefinedRecord): Json {
  const family = topicFamilies[definition.topic];
  const personKeyed = !definition.keyDescription && family.key === "person key";
  return {
    type: "string",
    description: `${definition.keyDescription ?? `The ${family.key}`}. ${PARTITIONER}`,
    ...(personKeyed ? { pattern: PERSON_KEY_PATTERN.source } : {}),
  };
}

function messageOf(definition: DefinedRecord): Json {
  const description = z.globalRegistry.get(definition.schema)?.description;
  return {
    name: messageName(definition),
    title: messageTitle(definition),
    ...(description ? { summary: description } : {}),
    contentType: "application/json",
    headers: recordHeaders(definition),
    payload: { $ref: `#/components/schemas/${modelName(definition)}` },
    bindings: { kafka: { key: keySchema(definition), bindingVersion: KAFKA_BINDING } },
  };
}

function deadLetterMessage(): Json {
  const reasons = Object.entries(DEAD_LETTER_REASONS);
  const header = (k: keyof typeof DEAD_LETTER_HEADERS) => ({
    type: "string",
    description: DEAD_LETTER_HEADER_DESCRIPTIONS[k],
  });
  return {
    name: "dead-letter",
    title: "Dead letter (死信)",
    summary: "A record a consumer could not apply: its original key, value and headers, and why",
    contentType: "application/octet-stream",
    headers: {
      type: "object",
      description:
        "The record's original headers (its ce_* attributes, seal and signature) and these pes_dlq_* headers",
      required: [DEAD_LETTER_HEADERS.reason, DEAD_LETTER_HEADERS.topic, DEAD_LETTER_HEADERS.at],
      properties: {
        ...Object.fromEntries(
          (Object.keys(DEAD_LETTER_HEADERS) as (keyof typeof DEAD_LETTER_HEADERS)[]).map((k) => [
            DEAD_LETTER_HEADERS[k],
            header(k),
          ]),
        ),
        [DEAD_LETTER_HEADERS.reason]: {
          type: "string",
          enum: reasons.map(([r]) => r),
          description: reasons.map(([r, what]) => `${r}: ${what}`).join("; "),
        },
      },
    },
    payload: { type: "string", description: "The original value, byte for byte (sealed for its reader)" },
    bindings: {
      kafka: { key: { type: "string", description: "The original key" }, bindingVersion: KAFKA_BINDING },
    },
  };
}

function familiesOf(definition: DefinedRecord): TopicFamily["name"][] {
  return [definition.topic, ...(definition.alsoOn ?? [])];
}

/** Message ids on a family: the dead letters keep any record, whatever its type, as one kind of message. */
function messagesOn(family: TopicFamily): string[] {
  if (family.name === "deadLetters") return ["deadLetter"];
  return allRecords.filter((r) => familiesOf(r).includes(family.name)).map(messageId);
}

function channelOf(family: TopicFamily): Json {
  const parameters: Json = {};
  if (family.pattern.includes("{city}")) {
    parameters.city = {
      description: "GB/T 2260 code of a Fujian city (平潭 350128 is its own unit)",
      enum: CITY_CODES,
    };
  }
  if (family.pattern.includes("{market}")) {
    parameters.market = { description: "Id of a gig market or station: lowercase letters, digits and '-'" };
  }
  return {
    address: family.pattern,
    title: family.name,
    description: `${family.description}. Producers: ${family.producers.join(", ")}; consumers: ${family.consumers.join(", ")}; read scope: ${family.scope}. Key: the ${family.key}; ${PARTITIONER}`,
    ...(Object.keys(parameters).length ? { parameters } : {}),
    messages: Object.fromEntries(
      messagesOn(family).map((id) => [id, { $ref: `#/components/messages/${id}` }]),
    ),
    bindings: {
      kafka: {
        partitions: family.partitions,
        topicConfiguration: {
          "cleanup.policy": ["delete"],
          "retention.ms": family.retentionMs,
        },
        bindingVersion: KAFKA_BINDING,
      },
    },
  };
}

const PRINCIPAL_OF: Record<Party, string> = {
  "city-node": "city-<city code>",
  "gig-market": "gig-<market id>",
  "province-hub": "province-hub",
};
const GROUP_OF: Record<Party, string> = {
  "city-node": "city-node-<city code>",
  "gig-market": "gig-market-<market id>",
  "province-hub": "province-hub",
};

function operationsOf(family: TopicFamily): [string, Json][] {
  const messages = messagesOn(family).map((id) => ({ $ref: `#/channels/${family.name}/messages/${id}` }));
  const op = (party: Party, action: "send" | "receive"): [string, Json] => [
    camel(party, action, family.name),
    {
      action,
      channel: { $ref: `#/channels/${family.name}` },
      title: `${party} ${action}s on ${family.pattern}`,
      description:
        action === "send"
          ? `The ${party} (principal ${PRINCIPAL_OF[party]}) writes ${family.pattern}${family.scope === "producer-owns" ? ", only with its own code in the name" : ""}; the broker's ACLs refuse anyone else.`
          : `The ${party} (principal ${PRINCIPAL_OF[party]}) reads ${family.pattern}${family.scope === "receiver-owns" ? ", only with its own code in the name" : ""}, in a consumer group whose name starts with ${GROUP_OF[party]}.`,
      security: [{ $ref: "#/components/securitySchemes/nodeCertificate" }],
      messages,
      ...(action === "receive"
        ? {
            bindings: {
              kafka: {
                groupId: {
                  type: "string",
                  description: `Starts with ${GROUP_OF[party]} (ACL: prefixed group)`,
                },
                bindingVersion: KAFKA_BINDING,
              },
            },
          }
        : {}),
    },
  ];
  return [...family.producers.map((p) => op(p, "send")), ...family.consumers.map((p) => op(p, "receive"))];
}

const NODE_CERTIFICATE =
  "Mutual TLS: every node presents the client certificate the province CA issued it (pnpm enrol hands out " +
  "ca.pem, cert.pem, key.pem). Its subject CN is its Kafka principal: city-<city code> (city-350200), " +
  "gig-<market id> (gig-xm-siming), province-hub. The broker allows nobody without an ACL " +
  "(allow.everyone.if.no.acl.found=false): a city writes only pes.city.<its code>.*, reads only " +
  "pes.flowback.city.<its code>; a market likewise with its id; consumer groups by prefix (city-node-<code>, " +
  "gig-market-<id>). Plaintext is refused.";

function servers(): Json {
  const server = (host: string, description: string): Json => ({
    host,
    protocol: "kafka-secure",
    protocolVersion: "3.9",
    description,
    security: [{ $ref: "#/components/securitySchemes/nodeCertificate" }],
    bindings: { kafka: { bindingVersion: KAFKA_BINDING } },
  });
  return {
    province: server(
      "{brokers}",
      "The province's brokers. The address comes with a node's credentials (KAFKA_BROKERS): TLS only, with the node's client certificate.",
    ),
    local: server(
      "127.0.0.1:19094",
      "The secured single broker `npm start` and the tests start (infra/kafka/kafka.sh; credentials in ~/.cache/pes/pki/local/<principal>).",
    ),
  };
}

export function asyncApiDocument(packageDir: string): Json {
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    version: string;
  };
  const families = Object.values(topicFamilies);
  const schemas: Json = {};
  for (const r of allRecords) {
    const {
      $schema: _,
      title: __,
      description,
      ...body
    } = z.toJSONSchema(r.schema, {
      target: "draft-7",
      io: "input",
    }) as Json;
    schemas[modelName(r)] = {
      ...cleanTitles(body),
      title: modelName(r),
      description: `${r.title} (${r.titleZh}), version ${r.version}${description ? `: ${description}` : ""}`,
      $comment: r.dataschema,
    };
  }
  const provinceServer = servers() as { province: Json };
  provinceServer.province.variables = {
    brokers: { default: "kafka:9092", description: "host:port of a province broker (compose: kafka:9092)" },
  };
  return {
    asyncapi: "3.1.0",
    info: {
      title: "Fujian public employment services: province–city data contract",
      version,
      description:
        "Records exchanged over Kafka between city nodes, the province hub and gig markets (一库一平台, 数据回流). " +
        "Each message is a CloudEvent in binary mode; person records are keyed by the person key, never the ID number. " +
        "Every value travels sealed for its reader and signed by its producer (docs/adr/0006). The person key, the " +
        "envelope, the partitioner and the checks beyond the JSON Schemas (x-pes-checks) are specified in " +
        "packages/schemas/README.md. Generated from packages/schemas; do not edit by hand.",
      contact: { name: "Fujian public employment services data platform (福建省公共就业服务数据平台)" },
      tags: [{ name: "province-city", description: "The province–city data integration layer" }],
    },
    defaultContentType: "application/json",
    servers: provinceServer,
    channels: Object.fromEntries(families.map((f) => [f.name, channelOf(f)])),
    operations: Object.fromEntries(families.flatMap(operationsOf)),
    components: {
      schemas,
      messages: {
        ...Object.fromEntries(allRecords.map((r) => [messageId(r), messageOf(r)])),
        deadLetter: deadLetterMessage(),
      },
      securitySchemes: { nodeCertificate: { type: "X509", description: NODE_CERTIFICATE } },
    },
  };
}
