package dev.sealpost.cli.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.server.TestServer;
import dev.sealpost.server.outbound.mtasts.HttpsPolicyFetcher;
import dev.sealpost.testing.FakeDnsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe --domain}: MX hosts found through a DNS server of the test's, then probed as MXes. */
class DomainProbeTest {

  private static DomainProbe.DomainReport probe(FakeDnsServer dns, TestServer server, String domain) {
    var resolver = DnsjavaResolver.builder().servers(DnsServer.parse(dns.address())).timeout(Duration.ofSeconds(1))
        .build();
    try (MailServerProbe p = new MailServerProbe(new CertificateAssessment(List.of(server.ca()), false, Instant.now()),
        Duration.ofSeconds(5), Duration.ofMillis(700), "probe.test")) {
      return new DomainProbe(resolver, p, HttpsPolicyFetcher.builder(resolver).build(), server.smtp().getPort())
          .probe(domain);
    }
  }

  @Test
  void probesEachMxAndReportsPolicies(@TempDir Path dir) {
    try (TestServer server = TestServer.start(dir); FakeDnsServer dns = FakeDnsServer.start()) {
      dns.mx("example.test", 10, "localhost.example.test").mx("example.test", 20, "missing.example.test")
          .a("localhost.example.test", "127.0.0.1")
          .txt("_mta-sts.example.test", "v=STSv1; id=20261128T1")
          .txt("_smtp._tls.example.test", "v=TLSRPTv1; rua=mailto:tlsrpt@example.test");
      DomainProbe.DomainReport r = probe(dns, server, "example.test");

      assertThat(r.mx()).extracting(DomainProbe.MxHost::host)
          .containsExactly("localhost.example.test", "missing.example.test");
      ProbeReport first = r.mx().getFirst().report();
      assertThat(first.role()).isEqualTo("mx");
      assertThat(first.target()).contains("127.0.0.1");
      // Our dev certificate names localhost, not localhost.example.test: on an MX that is a warning.
      assertThat(first.finding("certificate-hostname-mismatch").severity()).isEqualTo(Severity.WARNING);
      assertThat(first.finding("tls1.3-accepted")).isNotNull();
      assertThat(r.finding("mx-unresolvable").summary()).contains("missing.example.test");
      assertThat(r.finding("mta-sts").severity()).isEqualTo(Severity.OK);
      // The record is there but mta-sts.example.test has no address: no policy for senders.
      assertThat(r.finding("mta-sts-fetch-failed").summary()).contains("sts-policy-fetch-error");
      assertThat(r.finding("tls-rpt").summary()).contains("mailto:tlsrpt@example.test");
      assertThat(r.hasErrors()).isTrue(); // the unresolvable MX
    }
  }

  @Test
  void nullMxNoMxAndMissingPolicies(@TempDir Path dir) {
    try (TestServer server = TestServer.start(dir); FakeDnsServer dns = FakeDnsServer.start()) {
      dns.mx("nomail.test", 0, ".").a("bare.test", "127.0.0.1")
          .txt("_mta-sts.bare.test", "v=STSv1; id=a", "")
          .txt("_mta-sts.twice.test", "v=STSv1; id=a").txt("_mta-sts.twice.test", "v=STSv1; id=b")
          .a("twice.test", "127.0.0.1");
      DomainProbe.DomainReport nullMx = probe(dns, server, "nomail.test");
      assertThat(nullMx.finding("null-mx")).isNotNull();
      assertThat(nullMx.mx()).isEmpty();

      DomainProbe.DomainReport bare = probe(dns, server, "bare.test");
      assertThat(bare.finding("no-mx").severity()).isEqualTo(Severity.WARNING);
      assertThat(bare.mx()).extracting(DomainProbe.MxHost::host).containsExactly("bare.test");
      assertThat(bare.finding("tls-rpt-missing")).isNotNull();

      assertThat(probe(dns, server, "twice.test").finding("mta-sts-multiple").severity()).isEqualTo(Severity.ERROR);
      assertThat(probe(dns, server, "nowhere.test").finding("no-such-domain")).isNotNull();
    }
  }

  @Test
  void recordFields() {
    assertThat(DomainProbe.field("v=STSv1; id=abc ;", "id")).isEqualTo("abc");
    assertThat(DomainProbe.field("v=TLSRPTv1;rua=mailto:a@b", "rua")).isEqualTo("mailto:a@b");
    assertThat(DomainProbe.field("v=STSv1", "id")).isNull();
  }
}
