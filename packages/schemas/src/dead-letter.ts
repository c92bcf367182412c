/**
 * The dead-letter topic (pes.dead-letters) keeps a record a consumer could not apply, with its
 * original key, value and headers, and these headers saying why and where it came from. Part of the
 * contract: a node's operators read them, and the hub's rejection notices are built from them.
 */
export const DEAD_LETTER_HEADERS = {
  reason: "pes_dlq_reason",
  detail: "pes_dlq_detail",
  fieldPath: "pes_dlq_field_path",
  schema: "pes_dlq_schema",
  code: "pes_dlq_code",
  topic: "pes_dlq_topic",
  partition: "pes_dlq_partition",
  offset: "pes_dlq_offset",
  group: "pes_dlq_group",
  at: "pes_dlq_at",
} as const;

export const DEAD_LETTER_HEADER_DESCRIPTIONS: Readonly<Record<keyof typeof DEAD_LETTER_HEADERS, string>> = {
  reason: "Why the record was refused: one of the dead-letter reasons (see DEAD_LETTER_REASONS)",
  detail: "What was wrong, in English, at most 500 characters; names fields and rules, never a value",
  fieldPath:
    "Dotted path of the first invalid field, e.g. person.idNumber (invalid-record, handler-rejected)",
  schema: "The ce_type the record claimed",
  code: "The consumer's rule (kebab-case) when it rejected the record, e.g. person-key-mismatch, city-mismatch",
  topic: "The topic the record was read from",
  partition: "Its partition there",
  offset: "Its offset there",
  group: "The consumer group that refused it",
  at: "When it was dead-lettered (ISO 8601)",
};

/** Every pes_dlq_reason, and what it means. */
export const DEAD_LETTER_REASONS = {
  "missing-envelope":
    "A required CloudEvents header (ce_id, ce_source, ce_type, ce_specversion, content-type) is missing or invalid",
  "unknown-type": "ce_type is no record of the contract",
  "unsupported-version": "ce_type names a record of the contract at a version the consumer does not know",
  "malformed-json": "The opened value is not JSON",
  "invalid-record": "The record breaks its schema (pes_dlq_field_path says where)",
  unsigned: "No signature headers",
  "unknown-signer": "ce_peskeyid is not registered for ce_source",
  "revoked-signer": "The signing key was revoked before the record was signed",
  forged: "The signature does not verify",
  altered: "The record is not the one the signature's Merkle root covers",
  unsealed: "The value is not sealed",
  "not-for-us": "The value is sealed for another reader",
  unreadable: "The sealed value does not open",
  "wrong-source": "ce_source is not the one producer of the topic",
  "handler-rejected": "The consumer's rule refused it (pes_dlq_code says which)",
  "handler-failed": "Applying it failed after retries",
  replayed: "An operator replayed it and it failed again",
} as const;
