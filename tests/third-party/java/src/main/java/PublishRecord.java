import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.util.encoders.Hex;

/**
 * Publishes one record on a city's topic as docs/adr/0006 specifies it: sealed for the province (SM2
 * wraps an SM4 key, SM4-GCM encrypts the record's JSON) and signed by the city (SM2/SM3 over the
 * Merkle root of a batch of one), as a CloudEvent in Kafka binary mode, over mutual TLS.
 *
 *   PublishRecord --brokers HOST:PORT --credentials DIR --keys keys.json --registry registry.json
 *                 --topic pes.city.350200.person --event event.json [--tamper-signature]
 *
 * DIR holds the principal's ca.pem, cert.pem and key.pem. event.json: {"key": person key, "attributes":
 * {source, type, subject, dataschema[, id, time]}, "data": the record}. Prints the event id.
 */
public class PublishRecord {
  static final ObjectMapper JSON = new ObjectMapper();
  static final SecureRandom RANDOM = new SecureRandom();
  static final X9ECParameters SM2_CURVE = GMNamedCurves.getByName("sm2p256v1");
  static final ECDomainParameters SM2 =
      new ECDomainParameters(SM2_CURVE.getCurve(), SM2_CURVE.getG(), SM2_CURVE.getN(), SM2_CURVE.getH());

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--tamper-signature")) args.put("tamper", "yes");
      else if (argv[i].startsWith("--") && i + 1 < argv.length) args.put(argv[i].substring(2), argv[++i]);
      else throw new IllegalArgumentException("unexpected argument " + argv[i] + " (see the class comment)");
    }
    JsonNode keys = read(need(args, "keys"));
    JsonNode registry = read(need(args, "registry"));
    JsonNode event = read(need(args, "event"));
    JsonNode attrs = event.get("attributes");
    String source = attrs.get("source").asText();
    if (!source.equals(keys.get("source").asText()))
      throw new IllegalArgumentException("keys.json is " + keys.get("source").asText() + "'s, not " + source + "'s");

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ce_id", attrs.has("id") ? attrs.get("id").asText() : UUID.randomUUID().toString());
    headers.put("ce_source", source);
    headers.put("ce_type", attrs.get("type").asText());
    headers.put("ce_specversion", "1.0");
    headers.put("ce_time", attrs.has("time") ? attrs.get("time").asText() : now());
    if (attrs.has("subject")) headers.put("ce_subject", attrs.get("subject").asText());
    if (attrs.has("dataschema")) headers.put("ce_dataschema", attrs.get("dataschema").asText());
    headers.put("content-type", "application/json");

    // Sealing (ADR 0006): a fresh SM4 key wrapped for the province's current encryption key.
    JsonNode recipient = currentEncryptionKey(registry, "/province");
    byte[] dataKey = random(16), nonce = random(12);
    SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
    sm2.init(true, new ParametersWithRandom(publicKey(recipient.get("publicKey").asText()), RANDOM));
    byte[] wrappedKey = sm2.processBlock(dataKey, 0, dataKey.length); // C1 (04‖x‖y) ‖ C3 ‖ C2
    GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
    byte[] aad = headers.get("ce_id").getBytes(StandardCharsets.UTF_8);
    gcm.init(true, new AEADParameters(new KeyParameter(dataKey), 128, nonce, aad));
    byte[] plain = JSON.writeValueAsBytes(event.get("data"));
    byte[] sealed = new byte[gcm.getOutputSize(plain.length)];
    gcm.doFinal(sealed, gcm.processBytes(plain, 0, plain.length, sealed, 0)); // ciphertext ‖ 16-byte tag
    String value = Base64.getEncoder().encodeToString(sealed);
    headers.put("ce_pesseal", "SM2-SM4-GCM");
    headers.put("ce_pesrecipient", recipient.get("id").asText());
    headers.put("ce_peswrappedkey", Hex.toHexString(wrappedKey));
    headers.put("ce_pesnonce", Hex.toHexString(nonce));

    // Signing (ADR 0006): the record's canonical lines, its Merkle leaf (a batch of one: the root).
    String canonical = String.join("\n", "pes-record-1", headers.get("ce_id"), source, headers.get("ce_type"),
        headers.get("ce_time"), headers.getOrDefault("ce_subject", ""), headers.get("ce_pesseal"),
        headers.get("ce_pesrecipient"), headers.get("ce_peswrappedkey"), headers.get("ce_pesnonce"),
        Hex.toHexString(sm3(value.getBytes(StandardCharsets.UTF_8))));
    String root = Hex.toHexString(sm3(new byte[] {0x00}, canonical.getBytes(StandardCharsets.UTF_8)));
    JsonNode signingKey = newest(keys.get("keys"), "sig");
    String keyId = signingKey.get("id").asText(), signedAt = now();
    String statement = "pes-manifest-1\n" + keyId + "\n" + signedAt + "\n" + root;
    SM2Signer signer = new SM2Signer(); // SM3, Z over the default user id 1234567812345678, DER
    signer.init(true, new ParametersWithRandom(
        new ECPrivateKeyParameters(new BigInteger(signingKey.get("privateKey").asText(), 16), SM2), RANDOM));
    byte[] message = statement.getBytes(StandardCharsets.UTF_8);
    signer.update(message, 0, message.length);
    byte[] signature = signer.generateSignature();
    if (args.containsKey("tamper")) signature[signature.length - 1] ^= 0x01; // the test's forged record
    headers.put("ce_pessigalg", "SM2-SM3");
    headers.put("ce_peskeyid", keyId);
    headers.put("ce_pessignedat", signedAt);
    headers.put("ce_pesroot", root);
    headers.put("ce_pessig", Hex.toHexString(signature));
    headers.put("ce_pesproof", "");

    ProducerRecord<String, String> record =
        new ProducerRecord<>(need(args, "topic"), event.get("key").asText(), value);
    headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(args))) {
      producer.send(record).get();
    }
    System.out.println(headers.get("ce_id"));
  }

  /** Mutual TLS with the principal's PEM files (README, Security); acks=all. */
  static Properties producerConfig(Map<String, String> args) throws Exception {
    Path dir = Path.of(need(args, "credentials"));
    Properties p = new Properties();
    p.put("bootstrap.servers", need(args, "brokers"));
    p.put("security.protocol", "SSL");
    p.put("ssl.keystore.type", "PEM");
    p.put("ssl.keystore.certificate.chain", Files.readString(dir.resolve("cert.pem")));
    p.put("ssl.keystore.key", Files.readString(dir.resolve("key.pem")));
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.certificates", Files.readString(dir.resolve("ca.pem")));
    p.put("acks", "all");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    return p;
  }

  /** The receiver's encryption key usable now with the latest notBefore, as registry.json lists it. */
  static JsonNode currentEncryptionKey(JsonNode registry, String source) {
    Instant now = Instant.now();
    JsonNode best = null;
    for (JsonNode k : registry.get("keys")) {
      if (!k.get("source").asText().equals(source) || !k.get("use").asText().equals("enc")) continue;
      if (Instant.parse(k.get("notBefore").asText()).isAfter(now)) continue;
      if (!k.path("notAfter").isNull() && !Instant.parse(k.get("notAfter").asText()).isAfter(now)) continue;
      if (!k.path("revokedAt").isNull() && !Instant.parse(k.get("revokedAt").asText()).isAfter(now)) continue;
      if (best == null || Instant.parse(k.get("notBefore").asText()).isAfter(Instant.parse(best.get("notBefore").asText())))
        best = k;
    }
    if (best == null) throw new IllegalStateException("registry.json has no usable encryption key of " + source);
    return best;
  }

  /** The party's newest key of a use (keys.json). */
  static JsonNode newest(JsonNode keys, String use) {
    JsonNode best = null;
    for (JsonNode k : keys)
      if (k.get("use").asText().equals(use) && (best == null
          || Instant.parse(k.get("createdAt").asText()).isAfter(Instant.parse(best.get("createdAt").asText()))))
        best = k;
    if (best == null) throw new IllegalStateException("keys.json has no " + use + " key");
    return best;
  }

  static ECPublicKeyParameters publicKey(String hex) {
    return new ECPublicKeyParameters(SM2.getCurve().decodePoint(Hex.decode(hex)), SM2);
  }

  static byte[] sm3(byte[]... parts) {
    SM3Digest d = new SM3Digest();
    for (byte[] p : parts) d.update(p, 0, p.length);
    byte[] out = new byte[d.getDigestSize()];
    d.doFinal(out, 0);
    return out;
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** RFC 3339, UTC, milliseconds. */
  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  static JsonNode read(String path) throws Exception {
    return JSON.readTree(Files.readAllBytes(Path.of(path)));
  }

  static String need(Map<String, String> args, String name) {
    String v = args.get(name);
    if (v == null) throw new IllegalArgumentException("--" + name + " is required (see the class comment)");
    return v;
  }
}
