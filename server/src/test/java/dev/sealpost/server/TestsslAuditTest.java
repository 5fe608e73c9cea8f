package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.testing.ExternalCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external TLS audit: testssl.sh (Debian's package) against the implicit-TLS port and against 587
 * with STARTTLS, its JSON read back: no protocol below TLS 1.2, no NULL, anonymous, export, low, 3DES
 * or other weak cipher list, and every vulnerability check answered OK or INFO.
 */
class TestsslAuditTest {

  @TempDir Path dir;

  private Map<String, JsonNode> audit(int port, boolean starttls) throws Exception {
    Path json = dir.resolve("testssl-" + port + ".json");
    List<String> cmd = new ArrayList<>(List.of("testssl", "--quiet", "--warnings", "off", "--color", "0",
        "--jsonfile-pretty", json.toString(), "-p", "-s", "-f", "-U"));
    if (starttls) {
      cmd.addAll(List.of("-t", "smtp"));
    }
    cmd.add("127.0.0.1:" + port);
    ExternalCommand.Result r = ExternalCommand.run(cmd, "", Map.of(), 300);
    JsonNode scan = new ObjectMapper().readTree(json.toFile()).get("scanResult").get(0);
    assertThat(scan).as(r.output()).isNotNull();
    Map<String, JsonNode> findings = new HashMap<>();
    for (String section : List.of("protocols", "ciphers", "fs", "vulnerabilities")) {
      if (scan.has(section)) {
        scan.get(section).forEach(f -> findings.put(section + "/" + f.get("id").asText(), f));
      }
    }
    return findings;
  }

  private static void assertSecure(Map<String, JsonNode> f) {
    for (String old : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1")) {
      assertThat(f.get("protocols/" + old).get("finding").asText()).as(old).startsWith("not offered");
    }
    assertThat(f.get("protocols/TLS1_2").get("finding").asText()).startsWith("offered");
    assertThat(f.get("protocols/TLS1_3").get("finding").asText()).startsWith("offered");
    for (String weak : List.of("NULL", "aNULL", "EXPORT", "LOW", "3DES_IDEA", "AVERAGE")) {
      assertThat(f.get("ciphers/cipherlist_" + weak).get("finding").asText()).as(weak).startsWith("not offered");
    }
    List<String> vulnerable = f.entrySet().stream().filter(e -> e.getKey().startsWith("vulnerabilities/"))
        .filter(e -> !List.of("OK", "INFO").contains(e.getValue().get("severity").asText()))
        .map(e -> e.getKey() + ": " + e.getValue().get("severity").asText() + " " + e.getValue().get("finding").asText())
        .toList();
    assertThat(f.keySet().stream().filter(k -> k.startsWith("vulnerabilities/")).count()).isGreaterThan(10);
    assertThat(vulnerable).isEmpty();
  }

  @Test
  void noWeakProtocolCipherOrKnownVulnerabilityOnImplicitTlsAndOnStarttls() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("testssl") || "true".equals(System.getenv("CI")),
        "testssl (Debian package testssl.sh) missing: .ci/run installs it");
    try (TestServer server = TestServer.start(dir.resolve("s"))) {
      assertSecure(audit(server.submissions().getPort(), false));
      assertSecure(audit(server.submission().getPort(), true));
    }
  }
}
