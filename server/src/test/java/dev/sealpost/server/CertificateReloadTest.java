package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.server.control.ControlClient;
import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.SmtpConversation;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates replaced on disk while the server runs: new handshakes, as `openssl s_client` sees them,
 * get the new certificate within seconds, an open session goes on, and a broken pair is refused with the
 * working certificate kept.
 */
class CertificateReloadTest {

  @TempDir Path dir;

  /** The SHA-256 fingerprint of the certificate a new `openssl s_client` handshake gets on {@code port}. */
  private static String servedSubject(int port) {
    ExternalCommand.Result r = ExternalCommand.run(List.of("bash", "-c", "openssl s_client -connect 127.0.0.1:" + port
        + " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256"), "", Map.of(), 30);
    return r.stdout().strip();
  }

  private static void install(TestPki.PemPaths from, TestServer server) throws Exception {
    Path cert = server.config().tls().certificate();
    Path key = server.config().tls().key();
    // As an ACME client does: write beside, then rename over (atomic for each file).
    Files.copy(from.privateKey(), key.resolveSibling("key.new"), StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(key.resolveSibling("key.new"), PosixFilePermissions.fromString("rw-------"));
    Files.copy(from.certificateChain(), cert.resolveSibling("cert.new"), StandardCopyOption.REPLACE_EXISTING);
    Files.move(key.resolveSibling("key.new"), key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(cert.resolveSibling("cert.new"), cert, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void newFilesAreServedToNewHandshakesWhileAnOpenSessionContinuesAndABrokenPairIsRefused() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    TestPki.Credential ca = TestPki.authority("Reload CA");
    try (TestServer server = TestServer.start(dir.resolve("s"))) {
      int port = server.submissions().getPort();
      String before = servedSubject(port);
      assertThat(before).contains("Fingerprint=");
      try (SmtpConversation open = server.authenticatedSubmission()) {
        TestPki.Credential next = TestPki.server(ca, List.of("localhost", "reloaded.example.test"));
        install(next.write(Files.createDirectories(dir.resolve("next")), "next"), server);
        await().atMost(Duration.ofSeconds(15)).until(() -> !servedSubject(port).equals(before));
        String after = servedSubject(port);
        assertThat(after).as("the new certificate is served").isNotEqualTo(before);
        assertThat(open.command("NOOP").code()).as("the session opened before goes on").isEqualTo(250);

        // A certificate whose key is not the one beside it: refused, the working one stays.
        TestPki.Credential other = TestPki.server(ca, List.of("localhost"));
        Path mismatched = Files.createDirectories(dir.resolve("bad"));
        TestPki.PemPaths good = next.write(mismatched, "good");
        TestPki.PemPaths wrong = other.write(mismatched, "wrong");
        install(new TestPki.PemPaths(wrong.certificateChain(), good.privateKey()), server);
        String reply = ControlClient.request(server.dataDir().resolve("control.sock"), "tls-reload").orElseThrow();
        assertThat(reply).startsWith("error new certificate refused, the previous one stays in use");
        Thread.sleep(3000); // a poll of the watcher, too
        assertThat(servedSubject(port)).isEqualTo(after);
        assertThat(open.command("NOOP").code()).isEqualTo(250);

        // Fixed again, and reloaded on request.
        install(other.write(Files.createDirectories(dir.resolve("fixed")), "fixed"), server);
        assertThat(ControlClient.request(server.dataDir().resolve("control.sock"), "tls-reload").orElseThrow())
            .matches("ok certificate (reloaded|unchanged), expires .*"); // the watcher may have been first
      }
    }
  }
}
