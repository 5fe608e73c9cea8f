package dev.sealpost.server.outbound.tlsrpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The RFC 8460 §4.4 JSON of a policy and of a failure detail, shared by the journal and the report. */
final class RptJson {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private RptJson() {}

  /** {@code {"policy-type", "policy-string", "policy-domain", "mx-host"}}; empty lists are left out. */
  static ObjectNode policy(ReportedPolicy policy, List<String> mxHosts) {
    ObjectNode node = MAPPER.createObjectNode().put("policy-type", policy.type().wireName());
    if (!policy.policyStrings().isEmpty()) {
      strings(node.putArray("policy-string"), policy.policyStrings());
    }
    node.put("policy-domain", policy.policyDomain());
    if (!mxHosts.isEmpty()) {
      strings(node.putArray("mx-host"), mxHosts);
    }
    return node;
  }

  static ReportedPolicy readPolicy(JsonNode node) {
    return new ReportedPolicy(PolicyType.fromWireName(node.required("policy-type").asText()),
        readStrings(node.path("policy-string")), node.required("policy-domain").asText());
  }

  /** A failure-details entry without its count; absent fields are left out. */
  static ObjectNode failure(FailureDetail detail) {
    ObjectNode node = MAPPER.createObjectNode().put("result-type", detail.resultType().wireName());
    detail.sendingMtaIp().ifPresent(v -> node.put("sending-mta-ip", v));
    detail.receivingMxHostname().ifPresent(v -> node.put("receiving-mx-hostname", v));
    detail.receivingIp().ifPresent(v -> node.put("receiving-ip", v));
    detail.failureReasonCode().ifPresent(v -> node.put("failure-reason-code", v));
    return node;
  }

  static FailureDetail readFailure(JsonNode node) {
    return new FailureDetail(ResultType.fromWireName(node.required("result-type").asText()),
        text(node, "sending-mta-ip"), text(node, "receiving-mx-hostname"), text(node, "receiving-ip"),
        text(node, "failure-reason-code"));
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static List<String> readStrings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
