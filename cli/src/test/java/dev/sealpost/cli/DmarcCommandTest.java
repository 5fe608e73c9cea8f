package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.FakeDnsServer;
import org.junit.jupiter.api.Test;

/** `sealpost dmarc check` against records on a loopback DNS server. */
class DmarcCommandTest {

  @Test
  void explainsAlignmentAndTheDisposition() {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("_dmarc.example.co.uk", "v=DMARC1; p=reject; sp=quarantine");
      assertThat(Cli.run("dmarc", "check", "--from-domain", "shop.example.co.uk", "--dkim-pass", "example.co.uk",
          "--dns", dns.address())).startsWith("0|DMARC pass for header.from=shop.example.co.uk, policy quarantine")
          .contains("organizational domain example.co.uk (Public Suffix List)")
          .contains("DKIM passed for d=example.co.uk: aligned (relaxed)");
      assertThat(Cli.run("dmarc", "check", "--from-domain", "example.co.uk", "--spf-pass", "mailer.test",
          "--dns", dns.address())).startsWith("1|DMARC fail for header.from=example.co.uk, policy reject,"
          + " disposition reject").contains("SPF passed for mailer.test: not aligned (relaxed)");
      assertThat(Cli.run("dmarc", "check", "--from-domain", "not a domain"))
          .startsWith("2|sealpost: --from-domain: 'not a domain' is not a domain name");
    }
  }
}
