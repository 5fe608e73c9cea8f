package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.server.outbound.tlsrpt.FailureDetail;
import dev.sealpost.server.outbound.tlsrpt.PolicyType;
import dev.sealpost.server.outbound.tlsrpt.ResultType;
import dev.sealpost.server.outbound.tlsrpt.TlsRptRecorder;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsReportCommandTest {

  @Test
  void writesOneGzipReportPerDomainThatPublishesTlsRpt(@TempDir Path dir) throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    List<String> policy = List.of("version: STSv1", "mode: enforce", "mx: mx.remote.test", "max_age: 86400");
    try (TlsRptRecorder rec = TlsRptRecorder.open(dir.resolve("tlsrpt"), clock)) {
      rec.success("remote.test", PolicyType.STS, policy, "mx.remote.test");
      rec.success("remote.test", PolicyType.STS, policy, "mx.remote.test");
      rec.failure("remote.test", PolicyType.STS, policy, "mx.remote.test", FailureDetail.of(
          ResultType.CERTIFICATE_EXPIRED, "192.0.2.1", "mx.remote.test", "127.0.0.1", "EXPIRED"));
      rec.success("silent.test", PolicyType.STS, policy, "mx.silent.test");
    }
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("_smtp._tls.remote.test", "v=TLSRPTv1; rua=mailto:tlsrpt@remote.test");
      var r = ProbeCommandTest.run("tls-report", "--data-dir", dir.toString(), "--day", "2026-11-27",
          "--dns", dns.address());
      assertThat(r.code()).as(r.out() + r.err()).isZero();
      assertThat(r.out()).contains("silent.test: no TLS-RPT record").contains("1 report(s) for 2026-11-27")
          .contains("mailto:tlsrpt@remote.test");
    }
    Path file;
    try (Stream<Path> s = Files.list(dir.resolve("tlsrpt/reports"))) {
      file = s.findFirst().orElseThrow();
    }
    assertThat(file.getFileName().toString()).startsWith("localhost!remote.test!").endsWith(".json.gz");
    JsonNode report = new ObjectMapper().readTree(new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(file))));
    JsonNode p = report.get("policies").get(0);
    assertThat(p.get("policy").get("policy-domain").asText()).isEqualTo("remote.test");
    assertThat(p.get("summary").get("total-successful-session-count").asInt()).isEqualTo(2);
    assertThat(p.get("summary").get("total-failure-session-count").asInt()).isEqualTo(1);
    assertThat(p.get("failure-details").get(0).get("result-type").asText()).isEqualTo("certificate-expired");
  }

  @Test
  void aBadDayIsNamed(@TempDir Path dir) {
    var r = ProbeCommandTest.run("tls-report", "--data-dir", dir.toString(), "--day", "yesterday");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("'yesterday' is not a date");
  }
}
