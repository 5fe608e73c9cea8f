package dev.sealpost.server.dsn;

import static dev.sealpost.server.dsn.Dsns.MESSAGE;
import static dev.sealpost.server.dsn.Dsns.bounced;
import static dev.sealpost.server.dsn.Dsns.builder;
import static dev.sealpost.server.dsn.Dsns.envelope;
import static dev.sealpost.server.dsn.Dsns.rcpt;
import static dev.sealpost.server.dsn.Dsns.rcptWithOrcpt;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.server.spool.EnvelopeRecipient;
import dev.sealpost.testing.ExternalCommand;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DSNs read by a parser we did not write: Python's email package (policy=default). */
class DsnPythonParserTest {

  @TempDir
  Path dir;

  private List<JsonNode> python(List<DeliveryStatusNotification> dsns) throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("python3"), "python3 not installed: .ci/run installs it");
    Path script = dir.resolve("dsn_summary.py");
    try (InputStream in = getClass().getResourceAsStream("dsn_summary.py")) {
      Files.write(script, in.readAllBytes());
    }
    List<String> command = new ArrayList<>(List.of("python3", script.toString()));
    for (int i = 0; i < dsns.size(); i++) {
      Path f = dir.resolve("dsn" + i + ".eml");
      Files.write(f, dsns.get(i).bytes());
      command.add(f.toString());
    }
    ExternalCommand.Result r = ExternalCommand.run(command, "", Map.of(), 60);
    assertThat(r.exitCode()).as(r.output()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.stdout().strip().split("\n")) {
      out.add(json.readTree(line));
    }
    assertThat(out).hasSize(dsns.size());
    return out;
  }

  private static void assertStructure(JsonNode s, String third) {
    assertThat(s.get("type").asText()).isEqualTo("multipart/report");
    assertThat(s.get("report_type").asText()).isEqualTo("delivery-status");
    assertThat(s.get("auto_submitted").asText()).isEqualTo("auto-replied");
    assertThat(s.get("defects")).as(s.toString()).isEmpty();
    assertThat(s.get("parts").findValuesAsText("type")).containsExactly("text/plain", "message/delivery-status", third);
    s.get("parts").forEach(p -> assertThat(p.get("defects")).as(p.toString()).isEmpty());
  }

  @Test
  void pythonReadsAFullReportWithSeveralRecipients() throws Exception {
    EnvelopeRecipient bob = rcptWithOrcpt("bob@example.net", "rfc822;bob+2Btag@example.net");
    EnvelopeRecipient carol = rcpt("carol@example.net", "DELAY");
    DeliveryStatusNotification dsn = builder(envelope(Optional.of("FULL"), Optional.of("ab+cd"), bob, carol), MESSAGE)
        .outcome(bounced(bob, "550 5.1.1 no such user"))
        .outcome(RecipientOutcome.of(carol, Action.DELAYED, "4.4.1")
            .withWillRetryUntil(Dsns.ARRIVAL.plus(Duration.ofDays(5))))
        .build();
    JsonNode s = python(List.of(dsn)).getFirst();
    assertStructure(s, "message/rfc822");
    assertThat(s.get("subject").asText()).isEqualTo("Undelivered Mail Returned to Sender");
    assertThat(s.get("to").asText()).isEqualTo("alice@example.org");
    JsonNode status = s.get("parts").get(1);
    assertThat(status.get("per_message").get("reporting-mta").asText()).isEqualTo("dns; mx.sealpost.test");
    assertThat(status.get("per_message").get("original-envelope-id").asText()).isEqualTo("ab+cd");
    JsonNode r0 = status.get("recipients").get(0);
    JsonNode r1 = status.get("recipients").get(1);
    assertThat(status.get("recipients")).hasSize(2);
    assertThat(r0.get("original-recipient").asText()).isEqualTo("rfc822;bob+tag@example.net");
    assertThat(r0.get("final-recipient").asText()).isEqualTo("rfc822;bob@example.net");
    assertThat(r0.get("action").asText()).isEqualTo("failed");
    assertThat(r0.get("status").asText()).isEqualTo("5.1.1");
    assertThat(r0.get("diagnostic-code").asText()).isEqualTo("smtp; 550 5.1.1 no such user");
    assertThat(r1.has("original-recipient")).isFalse();
    assertThat(r1.get("action").asText()).isEqualTo("delayed");
    assertThat(r1.get("will-retry-until").asText()).isEqualTo("Sun, 9 Mar 2025 05:06:07 +0000");
    JsonNode original = s.get("parts").get(2);
    assertThat(original.get("inner_subject").asText()).isEqualTo("quarterly figures");
    assertThat(original.get("inner_body").asText()).isEqualTo("The figures are attached.\r\nLine two of the body.\r\n");
    assertThat(s.get("parts").get(0).get("text").asText()).contains("550 5.1.1 no such user");
  }

  @Test
  void pythonSeesTheSameStructureWhateverTheRemoteServerSaid() throws Exception {
    List<String> hostile = new ArrayList<>(HostileDiagnosticPropertiesTest.TOKENS);
    hostile.add(String.join("", HostileDiagnosticPropertiesTest.TOKENS));
    hostile.add("550 no\r\n\r\n--=_sealpost_\r\nContent-Type: message/rfc822\r\n\r\nFrom: x\r\n");
    List<DeliveryStatusNotification> dsns = hostile.stream().map(Dsns::simpleBounce).toList();
    for (JsonNode s : python(dsns)) {
      assertStructure(s, "text/rfc822-headers");
      JsonNode recipients = s.get("parts").get(1).get("recipients");
      assertThat(recipients).as(s.toString()).hasSize(1);
      List<String> names = new ArrayList<>();
      recipients.get(0).fieldNames().forEachRemaining(names::add);
      assertThat(names).isSubsetOf("final-recipient", "action", "status", "remote-mta", "diagnostic-code",
          "last-attempt-date");
      assertThat(recipients.get(0).get("action").asText()).isEqualTo("failed");
      assertThat(s.get("parts").get(2).get("text").asText()).startsWith("From: Alice <alice@example.org>\r\n");
    }
  }
}
