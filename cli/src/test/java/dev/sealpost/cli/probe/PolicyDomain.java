package dev.sealpost.cli.probe;

import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.server.TestServer;
import dev.sealpost.server.outbound.mtasts.HttpsPolicyFetcher;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.MtaStsPolicyHost;
import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.DevCertificateAuthority;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A domain that publishes MTA-STS, on loopback: {@code example.test} with the real Sealpost server as
 * its MX {@code mx.example.test} (whose certificate names it), and a policy host serving the policy
 * set by the test for {@code mta-sts.example.test} and {@code mta-sts.bad.test}. {@code bad.test}'s
 * MX, {@code mail.bad.test}, is the same server, whose certificate does not name it;
 * {@code mta-sts.wrongname.test} reaches a policy host whose certificate does not name it either.
 */
public final class PolicyDomain implements AutoCloseable {

  public static final String DOMAIN = "example.test";
  public static final String MX = "mx.example.test";

  public final TestServer server;
  public final FakeDnsServer dns = FakeDnsServer.start();
  public final TestPki.Credential policyCa = TestPki.authority("MTA-STS Test CA");
  public final MtaStsPolicyHost policyHost =
      MtaStsPolicyHost.start(TestPki.server(policyCa, List.of("mta-sts." + DOMAIN, "mta-sts.bad.test")));

  public PolicyDomain(Path dir) {
    // Issued before the server starts, which then keeps it: the dev certificate names the MX host.
    DevCertificateAuthority.ensure(dir.resolve("tls"), List.of(MX), Instant.now());
    server = TestServer.start(dir);
    dns.mx(DOMAIN, 10, MX).a(MX, "127.0.0.1").a("mta-sts." + DOMAIN, "127.0.0.1")
        .txt("_mta-sts." + DOMAIN, "v=STSv1; id=20260101T1;")
        .mx("bad.test", 10, "mail.bad.test").a("mail.bad.test", "127.0.0.1").a("mta-sts.bad.test", "127.0.0.1")
        .txt("_mta-sts.bad.test", "v=STSv1; id=1;")
        .mx("wrongname.test", 10, MX).a("mta-sts.wrongname.test", "127.0.0.1")
        .txt("_mta-sts.wrongname.test", "v=STSv1; id=1;");
  }

  /** A policy with {@code mode}, {@code maxAge} seconds and {@code mx} patterns. */
  public PolicyDomain policy(String mode, long maxAge, String... mx) {
    StringBuilder text = new StringBuilder("version: STSv1\r\nmode: " + mode + "\r\n");
    for (String pattern : mx) {
      text.append("mx: ").append(pattern).append("\r\n");
    }
    policyHost.policy(text.append("max_age: ").append(maxAge).append("\r\n").toString());
    return this;
  }

  /** Probes {@code domain} as {@code sealpost probe --domain} does, trusting both test CAs. */
  public DomainProbe.DomainReport probe(String domain) {
    var resolver = DnsjavaResolver.builder().servers(DnsServer.parse(dns.address())).timeout(Duration.ofSeconds(1))
        .build();
    var policies = HttpsPolicyFetcher.builder(resolver).trustAnchors(List.of(policyCa.certificate()))
        .port(policyHost.port()).totalTimeout(Duration.ofSeconds(10)).build();
    try (MailServerProbe p = new MailServerProbe(new CertificateAssessment(List.of(server.ca()), false, Instant.now()),
        Duration.ofSeconds(5), Duration.ofMillis(700), "probe.test")) {
      return new DomainProbe(resolver, p, policies, server.smtp().getPort()).probe(domain);
    }
  }

  @Override
  public void close() {
    policyHost.close();
    dns.close();
    server.close();
  }
}
