package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.FakeDnsServer;
import org.junit.jupiter.api.Test;

/** `sealpost spf check` against a DNS server on loopback serving the sender's records. */
class SpfCommandTest {

  private static String run(String... args) {
    return Cli.run(args);
  }

  @Test
  void printsTheResultAndEveryStep() {
    try (FakeDnsServer dns = FakeDnsServer.start()) {
      dns.txt("sender.test", "v=spf1 include:_spf.provider.test -all")
          .txt("_spf.provider.test", "v=spf1 ip4:192.0.2.0/24 ~all");
      String pass = run("spf", "check", "--ip", "192.0.2.25", "--mail-from", "alice@sender.test", "--dns", dns.address());
      assertThat(pass).startsWith("0|SPF pass for 192.0.2.25 sending as <alice@sender.test> (domain sender.test")
          .contains("sender.test: \"v=spf1 include:_spf.provider.test -all\"")
          .contains("    ip4:192.0.2.0/24 matches: pass");
      String fail = run("spf", "check", "--ip", "198.51.100.7", "--mail-from", "alice@sender.test", "--dns", dns.address());
      assertThat(fail).startsWith("1|SPF fail").contains("include:_spf.provider.test does not match")
          .contains("-all matches: fail");
      assertThat(run("spf", "check", "--ip", "not-an-ip", "--mail-from", "a@b.test"))
          .startsWith("2|sealpost: --ip: 'not-an-ip' is not an IP address");
    }
  }
}
