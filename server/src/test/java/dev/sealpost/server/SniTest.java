package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several certificates chosen by SNI, as `openssl s_client -servername` sees them, on 465 and on 587. */
class SniTest {

  @TempDir Path dir;

  private static String fingerprintOfPem(Path pem) {
    return ExternalCommand.run(List.of("openssl", "x509", "-in", pem.toString(), "-noout", "-fingerprint", "-sha256"),
        "", Map.of(), 30).stdout().strip();
  }

  /** The fingerprint of the certificate served for {@code name} (null: no SNI), and the session's replies. */
  private static String[] served(int port, String name, boolean starttls) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-ign_eof"));
    if (name != null) {
      cmd.addAll(List.of("-servername", name));
    } else {
      cmd.add("-noservername");
    }
    if (starttls) {
      cmd.addAll(List.of("-starttls", "smtp"));
    }
    String script = String.join(" ", cmd.stream().map(a -> "'" + a + "'").toList());
    ExternalCommand.Result r = ExternalCommand.run(List.of("bash", "-c", "printf 'EHLO sni.test\\r\\nQUIT\\r\\n' | "
        + script + " 2>/dev/null | tee /dev/stderr | openssl x509 -noout -fingerprint -sha256"), "", Map.of(), 30);
    return new String[] {r.stdout().strip(), r.stderr()};
  }

  @Test
  void eachNameGetsItsOwnCertificateAndOthersTheDefault() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    TestPki.PemPaths other = TestPki.server(TestPki.authority("Other CA"), List.of("other.example.test",
        "*.other.example.test")).write(Files.createDirectories(dir.resolve("other")), "other");
    Files.setPosixFilePermissions(other.privateKey(), PosixFilePermissions.fromString("rw-------"));
    String toml = "[[tls.certificates]]\ncertificate = \"" + other.certificateChain() + "\"\nkey = \""
        + other.privateKey() + "\"\n";
    try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
      String defaultPrint = fingerprintOfPem(server.config().tls().certificate());
      String otherPrint = fingerprintOfPem(other.certificateChain());
      assertThat(defaultPrint).isNotEqualTo(otherPrint).contains("Fingerprint=");
      for (int port : new int[] {server.submissions().getPort(), server.submission().getPort()}) {
        boolean starttls = port == server.submission().getPort();
        String[] named = served(port, "other.example.test", starttls);
        assertThat(named[0]).as("port " + port).isEqualTo(otherPrint);
        if (!starttls) {
          // After the SNI handler put the right SslHandler in its place, SMTP takes over as usual.
          assertThat(named[1]).contains("220 mx.example.test ESMTP");
        }
        assertThat(served(port, "mail.other.example.test", starttls)[0]).isEqualTo(otherPrint);
        assertThat(served(port, "localhost", starttls)[0]).isEqualTo(defaultPrint);
        assertThat(served(port, null, starttls)[0]).isEqualTo(defaultPrint);
      }
    }
  }
}
