package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.MtaStsPolicyHost;
import dev.sealpost.testing.TestPki;
import java.time.Duration;
import java.util.List;

/**
 * A {@link MtaStsPolicyHost} with a TestPki certificate, and a FakeDnsServer pointing
 * {@code mta-sts.example.test} at it: what a policy host looks like. The answer is set per test.
 */
final class PolicyServer implements AutoCloseable {

  static final String DOMAIN = "example.test";
  static final String HOST = "mta-sts." + DOMAIN;
  static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmx: *.mx.example.test\r\n"
      + "max_age: 86400\r\n";

  final TestPki.Credential ca = TestPki.authority("Policy Test CA");
  final FakeDnsServer dns = FakeDnsServer.start();
  final DnsjavaResolver resolver = DnsjavaResolver.builder().servers(DnsServer.parse(dns.address()))
      .timeout(Duration.ofMillis(500)).retries(0).cacheSize(0).build();
  private final MtaStsPolicyHost https;

  PolicyServer() {
    this(List.of(HOST));
  }

  /** A server whose certificate names {@code certificateNames}. */
  PolicyServer(List<String> certificateNames) {
    https = MtaStsPolicyHost.start(TestPki.server(ca, certificateNames)).policy(POLICY);
    dns.a(HOST, "127.0.0.1");
  }

  PolicyServer answer(MtaStsPolicyHost.Answer answer) {
    https.answer(answer);
    return this;
  }

  PolicyServer policy(String text) {
    https.policy(text);
    return this;
  }

  /** Publishes {@code _mta-sts.example.test TXT "v=STSv1; id=ID;"}, replacing an earlier one. */
  PolicyServer txtId(String id) {
    dns.remove(StsRecord.ownerName(DOMAIN)).txt(StsRecord.ownerName(DOMAIN), "v=STSv1; id=" + id + ";");
    return this;
  }

  int port() {
    return https.port();
  }

  int requests() {
    return https.requests();
  }

  /** A fetcher trusting this server's CA and connecting to its port. */
  HttpsPolicyFetcher.Builder fetcher() {
    return HttpsPolicyFetcher.builder(resolver).trustAnchors(List.of(ca.certificate())).port(port());
  }

  @Override
  public void close() {
    https.close();
    dns.close();
  }
}
