package dev.sealpost.server.spool;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Envelope to and from JSON through Jackson's tree model. Written by hand rather than by data binding
 * because jackson-datatype-jdk8 (Optional) is not a dependency, and because the reader must reject a
 * damaged header field by field: an empty Optional is an absent (or null) member, a required member
 * that is missing or of the wrong type makes the whole header invalid.
 */
final class EnvelopeJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private EnvelopeJson() {}

  static byte[] write(Envelope e) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("queueId", e.queueId());
    n.put("receivedAt", e.receivedAt().toString());
    n.put("reversePath", e.reversePath());
    ArrayNode rcpts = n.putArray("recipients");
    for (EnvelopeRecipient r : e.recipients()) {
      ObjectNode o = rcpts.addObject();
      o.put("address", r.address());
      o.put("local", r.local());
      ArrayNode notify = o.putArray("notify");
      r.dsnNotify().forEach(notify::add);
      r.orcpt().ifPresent(v -> o.put("orcpt", v));
    }
    e.ret().ifPresent(v -> n.put("ret", v));
    e.envId().ifPresent(v -> n.put("envId", v));
    n.put("smtpUtf8", e.smtpUtf8());
    n.put("bodyType", e.bodyType());
    n.put("requireTls", e.requireTls());
    e.authenticatedUser().ifPresent(v -> n.put("authenticatedUser", v));
    n.put("clientAddress", e.clientAddress());
    n.put("heloName", e.heloName());
    e.tls().ifPresent(v -> n.put("tls", v));
    n.put("listener", e.listener());
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException ex) {
      throw new IllegalStateException("cannot serialize envelope " + e.queueId(), ex);
    }
  }

  /** Parses the header JSON; throws IllegalArgumentException naming what is wrong. */
  static Envelope read(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("invalid JSON: " + ex.getOriginalMessage(), ex);
    } catch (IOException ex) {
      throw new IllegalArgumentException("invalid JSON: " + ex.getMessage(), ex);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("envelope is not a JSON object");
    }
    Instant receivedAt;
    try {
      receivedAt = Instant.parse(text(n, "receivedAt"));
    } catch (DateTimeParseException ex) {
      throw new IllegalArgumentException("receivedAt is not an instant", ex);
    }
    JsonNode rs = n.get("recipients");
    if (rs == null || !rs.isArray()) {
      throw new IllegalArgumentException("recipients is missing or not an array");
    }
    List<EnvelopeRecipient> recipients = new ArrayList<>();
    for (JsonNode r : rs) {
      recipients.add(new EnvelopeRecipient(text(r, "address"), bool(r, "local"), texts(r, "notify"),
          optional(r, "orcpt")));
    }
    return new Envelope(text(n, "queueId"), receivedAt, text(n, "reversePath"), recipients, optional(n, "ret"),
        optional(n, "envId"), bool(n, "smtpUtf8"), text(n, "bodyType"), bool(n, "requireTls"),
        optional(n, "authenticatedUser"), text(n, "clientAddress"), text(n, "heloName"), optional(n, "tls"),
        text(n, "listener"));
  }

  private static String text(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(name + " is missing or not a string");
    }
    return v.textValue();
  }

  private static Optional<String> optional(JsonNode n, String name) {
    JsonNode v = n.get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(text(n, name));
  }

  private static boolean bool(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || !v.isBoolean()) {
      throw new IllegalArgumentException(name + " is missing or not a boolean");
    }
    return v.booleanValue();
  }

  private static List<String> texts(JsonNode n, String name) {
    JsonNode v = n.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new IllegalArgumentException(name + " is not an array");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw new IllegalArgumentException(name + " holds a non-string");
      }
      out.add(e.textValue());
    }
    return out;
  }
}
