package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealpost doctor` on the dev configuration (clean) and on a deliberately broken one (each mistake named). */
class DoctorCommandTest {

  @TempDir Path dir;

  @Test
  void theDevConfigurationHasNoError() {
    DevSetup.prepare(dir.resolve("dev"));
    String report = Cli.run("doctor", "--data-dir", dir.resolve("dev").toString());
    assertThat(report).startsWith("0|").contains("result: 0 error(s)").contains("OK       auth-only-in-tls")
        .doesNotContain("chain-incomplete")
        .contains("OK       no-open-relay").contains("OK       hostname-covered");
  }

  @Test
  void aBrokenConfigurationHasEachMistakeFlagged() throws Exception {
    Path data = Files.createDirectories(dir.resolve("broken"));
    TestPki.PemPaths expired = TestPki.expiredServer(TestPki.authority("Old CA"), List.of("localhost"))
        .write(data, "server");
    Files.setPosixFilePermissions(expired.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(data.resolve("users"), "");
    Files.writeString(data.resolve("sealpost.toml"), """
        hostname = "mail.example.test"
        data-dir = "."
        domains = ["example.test"]
        [senders]
        "demo@example.test" = ["@gmail.com"]
        [tls]
        certificate = "server.pem"
        key = "server.key"
        protocols = ["TLSv1.3", "TLSv1.2", "TLSv1"]
        allow-legacy-protocols = true
        start-with-expired-certificate = true
        [inbound]
        dmarc-enforce = false
        [outbound]
        mta-sts = false
        downgrade-protection = "off"
        [[outbound.domains]]
        domain = "partner.test"
        host = "mx.partner.test"
        tls = "may"
        [acme]
        directory = "https://acme-staging-v02.api.letsencrypt.org/directory"
        agree-to-terms = true
        names = ["other.example.test"]
        http-listen = "0.0.0.0:8080"
        ca-bundle = "missing-ca.pem"
        [[listeners]]
        kind = "smtp"
        address = "127.0.0.1:587"
        """);
    String report = Cli.run("doctor", "--config", data.resolve("sealpost.toml").toString());
    assertThat(report).startsWith("1|");
    for (String id : List.of("ERROR    weak-protocols", "ERROR    tls-key-permissions", "ERROR    certificate",
        "ERROR    hostname-not-covered", "WARNING  listener-port", "WARNING  foreign-sender", "WARNING  mta-sts-off",
        "WARNING  downgrade-memory-off", "WARNING  cleartext-fallback", "WARNING  dkim-missing",
        "WARNING  dmarc-not-enforced", "INFO     no-submission", "WARNING  expired-allowed", "WARNING  acme-staging",
        "ERROR    acme-ca-bundle", "WARNING  acme-hostname", "WARNING  acme-port", "WARNING  chain-incomplete")) {
      assertThat(report).as(id).contains(id);
    }
    assertThat(Cli.run("doctor", "--config", data.resolve("sealpost.toml").toString(), "--json"))
        .startsWith("1|{").contains("\"id\" : \"weak-protocols\"").contains("\"severity\" : \"ERROR\"");
  }

  @Test
  void onlineChecksReadTheDomainsRecords() throws Exception {
    DevSetup.prepare(dir.resolve("dev"));
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.mx("example.test", 10, "localhost").txt("example.test", "v=spf1 mx -all")
          .txt("_dmarc.example.test", "v=DMARC1; p=none").a("localhost", "127.0.0.1")
          .txt("dev._domainkey.example.test", "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwrong");
      String report = Cli.run("doctor", "--data-dir", dir.resolve("dev").toString(), "--online", "--dns", dns.address());
      assertThat(report).startsWith("1|").contains("OK       mx").contains("OK       spf")
          .contains("INFO     dmarc").contains("p=none, monitoring only")
          .contains("ERROR    dkim-record").contains("the published key is not the key in")
          .contains("WARNING  helo-ptr").contains("INFO     mta-sts");
      dns.remove("dev._domainkey.example.test").txt("dev._domainkey.example.test",
          Files.readString(dir.resolve("dev/dns/dev._domainkey.example.test.txt")).strip());
      assertThat(Cli.run("doctor", "--data-dir", dir.resolve("dev").toString(), "--online", "--dns", dns.address()))
          .contains("OK       dkim-record").contains("dev._domainkey.example.test matches")
          .doesNotContain("required-tls-bypassed");
    }
  }

  @Test
  void aFixedRouteThatSkipsTheDomainsOwnTlsRequirementIsAnError() throws Exception {
    DevSetup.prepare(dir.resolve("dev"));
    Path config = dir.resolve("dev/sealpost.toml");
    Files.writeString(config, Files.readString(config) + """

        [[outbound.domains]]
        domain = "partner.test"
        host = "relay.partner.test"
        tls = "encrypt"
        [[outbound.domains]]
        domain = "dane.test"
        host = "relay.dane.test"
        tls = "may"
        [[outbound.domains]]
        domain = "strict.test"
        host = "relay.strict.test"
        tls = "verify"
        """);
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("_mta-sts.partner.test", "v=STSv1; id=2026").txt("_mta-sts.strict.test", "v=STSv1; id=1")
          .mx("dane.test", 10, "mx.dane.test").tlsa("_25._tcp.mx.dane.test", 3, 1, 1, new byte[32]);
      String report = Cli.run("doctor", "--data-dir", dir.resolve("dev").toString(), "--online", "--dns", dns.address());
      assertThat(report).startsWith("1|")
          .contains("ERROR    required-tls-bypassed      partner.test asks for TLS with [MTA-STS] but its fixed route to"
              + " relay.partner.test has tls = \"encrypt\"")
          .contains("ERROR    required-tls-bypassed      dane.test asks for TLS with [DANE (TLSA for mx.dane.test)]")
          .doesNotContain("required-tls-bypassed strict.test");
    }
  }

  @Test
  void liveChecksAttackTheRunningListenersAndFindNothing() throws Exception {
    try (var server = dev.sealpost.server.TestServer.start(dir.resolve("live"))) {
      // The test server binds port 0; the doctor reads the configuration, so it gets the ports bound.
      String toml = Files.readString(server.dataDir().resolve("sealpost.toml"));
      for (var l : List.of(server.submissions(), server.submission(), server.smtp())) {
        toml = toml.replaceFirst("127\\.0\\.0\\.1:0\"", "127.0.0.1:" + l.getPort() + "\"");
      }
      Path config = Files.writeString(server.dataDir().resolve("doctor.toml"), toml);
      String report = Cli.run("doctor", "--config", config.toString(), "--live", "--ca", server.caFile().toString());
      assertThat(report).contains("OK       live:smtp:relay").contains("all 5 relay tricks refused")
          .doesNotContain("live:smtp:open-relay").contains("OK       live:submission:no-auth-before-tls")
          .contains("OK       live:submission:tls-required").contains("OK       live:submissions:tls1.1-refused")
          .contains("OK       live:smtp:smuggling").contains("OK       live:smtp:starttls-injection")
          .contains("OK       live:submission:starttls-injection");
      // The test server calls itself mx.example.test with a certificate for localhost: the one real finding.
      assertThat(report.lines().filter(l -> l.startsWith("  ERROR") && l.contains("live:")).toList())
          .isNotEmpty().allMatch(l -> l.contains("certificate-hostname-mismatch"));
    }
  }
}
