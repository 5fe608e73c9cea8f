package dev.sealpost.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.FakeDnsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sealpost dkim keygen` and `check` against a DNS server on loopback. */
class DkimCommandTest {

  @TempDir Path dir;

  private static String run(String... args) {
    return Cli.run(args);
  }

  @Test
  void keygenPrintsTheRecordAndCheckFindsWhatIsPublished() throws Exception {
    for (String algorithm : new String[] {"rsa", "ed25519"}) {
      String selector = "s-" + algorithm;
      String made = run("dkim", "keygen", "--domain", "example.test", "--selector", selector, "--algorithm", algorithm,
          "--data-dir", dir.toString());
      assertThat(made).startsWith("0|key: ").contains(selector + "._domainkey.example.test.  IN TXT  \"v=DKIM1; k="
          + (algorithm.equals("rsa") ? "rsa" : "ed25519") + "; p=").contains("[[dkim]]");
      Path key = dir.resolve("dkim/" + selector + ".example.test.pem");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
      String record = made.substring(made.indexOf("\"v=DKIM1") + 1, made.indexOf("\"", made.indexOf("\"v=DKIM1") + 1));
      try (FakeDnsServer dns = FakeDnsServer.start()) {
        String name = selector + "._domainkey.example.test";
        assertThat(run("dkim", "check", "--domain", "example.test", "--selector", selector, "--data-dir", dir.toString(),
            "--dns", dns.address())).startsWith("1|ERROR " + name + ": no DKIM key record published");
        dns.txt(name, record);
        assertThat(run("dkim", "check", "--domain", "example.test", "--selector", selector, "--data-dir", dir.toString(),
            "--dns", dns.address())).startsWith("0|published: ").contains("OK " + name + " matches");
        int p = record.indexOf("p=") + 2; // change the key's first character, whatever it is
        String other = record.substring(0, p) + (record.charAt(p) == 'A' ? 'B' : 'A') + record.substring(p + 1);
        dns.remove(name).txt(name, other);
        assertThat(run("dkim", "check", "--domain", "example.test", "--selector", selector, "--data-dir", dir.toString(),
            "--dns", dns.address())).startsWith("1|").contains("ERROR the published key is not the public half");
      }
      assertThat(run("dkim", "keygen", "--domain", "example.test", "--selector", selector, "--algorithm", algorithm,
          "--data-dir", dir.toString())).startsWith("2|sealpost: ").contains("exists; a key is never overwritten");
    }
    assertThat(run("dkim", "keygen", "--domain", "example.test", "--selector", "bad selector", "--data-dir",
        dir.toString())).startsWith("2|sealpost: --selector: 'bad selector' is not a DNS label");
  }
}
