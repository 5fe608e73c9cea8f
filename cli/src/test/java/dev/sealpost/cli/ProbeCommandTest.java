package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.cli.probe.PolicyDomain;
import dev.sealpost.server.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sealpost probe} as a script sees it: exit status, text and JSON. */
class ProbeCommandTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void soundServerExitsZeroAndJsonCarriesTheFindings(@TempDir Path dir) throws Exception {
    try (TestServer server = TestServer.start(dir)) {
      String target = "localhost:" + server.submission().getPort();
      Run text = run("probe", target, "--starttls", "--ca", server.caFile().toString());
      assertThat(text.code()).as(text.out()).isZero();
      assertThat(text.out()).contains("TLS 1.0:       refused", "TLS 1.3:       accepted", "result: 0 error(s)");

      Run json = run("probe", target, "--starttls", "--ca", server.caFile().toString(), "--json");
      assertThat(json.code()).isZero();
      JsonNode root = new ObjectMapper().readTree(json.out());
      assertThat(root.get("target").asText()).isEqualTo(target);
      assertThat(root.get("certificate").get("trusted").asBoolean()).isTrue();
      assertThat(root.get("findings")).anySatisfy(f -> assertThat(f.get("id").asText()).isEqualTo("tls-required"));
    }
  }

  @Test
  void untrustedCertificateOnASubmissionPortExitsOne(@TempDir Path dir) {
    try (TestServer server = TestServer.start(dir)) {
      // Without --ca the dev CA is unknown: that is an error for a submission port.
      Run r = run("probe", "localhost:" + server.submissions().getPort(), "--implicit");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).contains("ERROR    certificate-untrusted");
    }
  }

  @Test
  void domainJsonCarriesTheMtaStsPolicy(@TempDir Path dir) throws Exception {
    try (PolicyDomain domain = new PolicyDomain(dir.resolve("server"))) {
      domain.policy("enforce", 604800, "mx.example.test");
      Run r = run("probe", "--domain", PolicyDomain.DOMAIN, "--json", "--dns", domain.dns.address(),
          "--port", String.valueOf(domain.server.smtp().getPort()),
          "--mta-sts-port", String.valueOf(domain.policyHost.port()),
          "--ca", domain.server.caFile().toString(),
          "--ca", domain.policyCa.writeCertificate(dir.resolve("policy-ca.pem")).toString());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      JsonNode policy = new ObjectMapper().readTree(r.out()).get("mtaStsPolicy");
      assertThat(policy.get("mode").asText()).isEqualTo("enforce");
      assertThat(policy.get("maxAgeSeconds").asLong()).isEqualTo(604800);
      assertThat(policy.get("mx")).extracting(JsonNode::asText).containsExactly("mx.example.test");
      assertThat(policy.get("fetchError").isNull()).isTrue();

      Run text = run("probe", "--domain", PolicyDomain.DOMAIN, "--dns", domain.dns.address(),
          "--port", String.valueOf(domain.server.smtp().getPort()),
          "--mta-sts-port", String.valueOf(domain.policyHost.port()), "--ca", domain.server.caFile().toString());
      // Without the policy host's CA the fetch fails, and so does the probe.
      assertThat(text.code()).isEqualTo(1);
      assertThat(text.out()).contains("policy:   not fetched (sts-webpki-invalid)", "ERROR    mta-sts-fetch-failed");
    }
  }

  @Test
  void usageErrorsExitTwoWithTheProblemNamed() {
    Run role = run("probe", "localhost:25", "--role", "relay");
    assertThat(role.code()).isEqualTo(2);
    assertThat(role.err()).contains("--role must be mx or submission, not 'relay'");
    Run ca = run("probe", "localhost:25", "--ca", "/nonexistent/ca.pem");
    assertThat(ca.code()).isEqualTo(2);
    assertThat(ca.err()).contains("/nonexistent/ca.pem");
    assertThat(run("probe").err()).contains("HOST[:PORT]");
  }
}
