package dev.sealpost.server.outbound.tlsrpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsReportTest {

  private static final LocalDate DAY = LocalDate.parse("2016-04-01");
  private static final List<String> POLICY = List.of("version: STSv1", "mode: testing",
      "mx: *.mail.company-y.example", "max_age: 86400");
  private static final TlsReport.Reporter COMPANY_X = new TlsReport.Reporter("Company-X",
      "sts-reporting@company-x.example", "mail.company-x.example");
  private static final String REPORT_ID = "5065427c-23d3-47ca-b6e0-946ea0e8c795";

  /** The example of RFC 8460 §4.4 without additional-information, which the recorder does not keep. */
  private static final String RFC_EXAMPLE = """
      {
        "organization-name": "Company-X",
        "date-range": {"start-datetime": "2016-04-01T00:00:00Z", "end-datetime": "2016-04-01T23:59:59Z"},
        "contact-info": "sts-reporting@company-x.example",
        "report-id": "5065427c-23d3-47ca-b6e0-946ea0e8c795",
        "policies": [{
          "policy": {
            "policy-type": "sts",
            "policy-string": ["version: STSv1", "mode: testing", "mx: *.mail.company-y.example", "max_age: 86400"],
            "policy-domain": "company-y.example",
            "mx-host": ["*.mail.company-y.example"]
          },
          "summary": {"total-successful-session-count": 5326, "total-failure-session-count": 303},
          "failure-details": [
            {"result-type": "certificate-expired", "sending-mta-ip": "2001:db8:abcd:0012::1",
             "receiving-mx-hostname": "mx1.mail.company-y.example", "failed-session-count": 100},
            {"result-type": "starttls-not-supported", "sending-mta-ip": "2001:db8:abcd:0013::1",
             "receiving-mx-hostname": "mx2.mail.company-y.example", "receiving-ip": "203.0.113.56",
             "failed-session-count": 200},
            {"result-type": "validation-failure", "sending-mta-ip": "198.51.100.62", "receiving-ip": "203.0.113.58",
             "failure-reason-code": "X509_V_ERR_PROOF_OF_POSSESSION", "failed-session-count": 3}
          ]
        }]
      }
      """;

  @TempDir
  Path dir;

  private String rfcExampleReport() {
    MutableClock clock = new MutableClock(Instant.parse("2016-04-01T08:00:00Z"));
    try (TlsRptRecorder recorder = TlsRptRecorder.open(dir, clock)) {
      String domain = "company-y.example";
      String mx = "*.mail.company-y.example";
      record(recorder, 100, new FailureDetail(ResultType.CERTIFICATE_EXPIRED, Optional.of("2001:db8:abcd:0012::1"),
          Optional.of("mx1.mail.company-y.example"), Optional.empty(), Optional.empty()));
      record(recorder, 200, new FailureDetail(ResultType.STARTTLS_NOT_SUPPORTED, Optional.of("2001:db8:abcd:0013::1"),
          Optional.of("mx2.mail.company-y.example"), Optional.of("203.0.113.56"), Optional.empty()));
      record(recorder, 3, new FailureDetail(ResultType.VALIDATION_FAILURE, Optional.of("198.51.100.62"),
          Optional.empty(), Optional.of("203.0.113.58"), Optional.of("X509_V_ERR_PROOF_OF_POSSESSION")));
      for (int i = 0; i < 5326; i++) {
        recorder.success(domain, PolicyType.STS, POLICY, mx);
      }
      return TlsReport.json(COMPANY_X, REPORT_ID, DAY, recorder.results(DAY, domain));
    }
  }

  private static void record(TlsRptRecorder recorder, int times, FailureDetail detail) {
    for (int i = 0; i < times; i++) {
      recorder.failure("company-y.example", PolicyType.STS, POLICY, "*.mail.company-y.example", detail);
    }
  }

  @Test
  void reportHasTheStructureOfTheRfcExample() throws Exception {
    ObjectMapper mapper = new ObjectMapper();

    JsonNode report = mapper.readTree(rfcExampleReport());

    assertThat(report).isEqualTo(mapper.readTree(RFC_EXAMPLE));
    assertThat(report.at("/policies/0/summary/total-failure-session-count").asLong()).isEqualTo(303);
  }

  @Test
  void pythonReadsTheReport() {
    Assumptions.assumeTrue(ExternalCommand.available("python3"), "python3 not installed: .ci/run installs it");
    String script = """
        import json, sys
        r = json.load(sys.stdin)
        p = r["policies"][0]
        print(r["organization-name"], r["date-range"]["start-datetime"], r["date-range"]["end-datetime"])
        print(p["policy"]["policy-type"], p["policy"]["policy-domain"], len(p["policy"]["policy-string"]))
        print(p["summary"]["total-successful-session-count"], p["summary"]["total-failure-session-count"],
              sum(d["failed-session-count"] for d in p["failure-details"]))
        """;

    ExternalCommand.Result result = ExternalCommand.run(List.of("python3", "-c", script), rfcExampleReport(),
        Map.of(), 30);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.stdout().lines()).containsExactly(
        "Company-X 2016-04-01T00:00:00Z 2016-04-01T23:59:59Z", "sts company-y.example 4", "5326 303 303");
  }

  @Test
  void fileNameFollowsSection53() {
    assertThat(TlsReport.fileName(COMPANY_X, "company-y.example", DAY, "001"))
        .isEqualTo("mail.company-x.example!company-y.example!1459468800!1459555199!001.json.gz");
    assertThatThrownBy(() -> TlsReport.fileName(COMPANY_X, "company-y.example", DAY, "a!b"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a!b");
  }

  @Test
  void gzipRoundTrips() throws Exception {
    String json = rfcExampleReport();

    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(TlsReport.gzip(json)))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(json);
    }
  }

  @Test
  void noPolicyFoundLeavesOutPolicyStrings() throws Exception {
    PolicyResults results = new PolicyResults(new ReportedPolicy(PolicyType.NO_POLICY_FOUND, List.of(), "x.example"),
        List.of(), 7, Map.of());

    JsonNode policy = new ObjectMapper().readTree(TlsReport.json(COMPANY_X, "r1", DAY, List.of(results)))
        .at("/policies/0");

    assertThat(policy.at("/policy/policy-type").asText()).isEqualTo("no-policy-found");
    assertThat(policy.at("/policy").has("policy-string")).isFalse();
    assertThat(policy.has("failure-details")).isFalse();
    assertThat(policy.at("/summary/total-successful-session-count").asLong()).isEqualTo(7);
  }

  @Test
  void oneReportIsForOneDomain() {
    List<PolicyResults> two = List.of(
        new PolicyResults(new ReportedPolicy(PolicyType.NO_POLICY_FOUND, List.of(), "a.example"), List.of(), 1, Map.of()),
        new PolicyResults(new ReportedPolicy(PolicyType.NO_POLICY_FOUND, List.of(), "b.example"), List.of(), 1, Map.of()));

    assertThatThrownBy(() -> TlsReport.json(COMPANY_X, "r1", DAY, two)).isInstanceOf(IllegalArgumentException.class);
  }
}
