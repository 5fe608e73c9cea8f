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
 * A swapped-in certificate that passes every local check but that clients do not trust (another CA):
 * once most new handshakes end with `openssl s_client` refusing it (alert unknown_ca), the previous
 * certificate is served again.
 */
class RollbackTest {
  @TempDir Path dir;

  private static String served(int port) {
    return ExternalCommand.run(List.of("bash", "-c", "openssl s_client -connect 127.0.0.1:" + port
        + " -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256"), "", Map.of(), 30)
        .stdout().strip();
  }

  /** A client that verifies against the server's usual CA, as configured submission clients do. */
  private static ExternalCommand.Result verifyingClient(int port, Path ca) {
    return verifyingClient(port, ca, "-tls1_3");
  }

  private static ExternalCommand.Result verifyingClient(int port, Path ca, String protocol) {
    return ExternalCommand.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername",
        "localhost", "-CAfile", ca.toString(), "-verify_return_error", protocol), "", Map.of(), 30);
  }

  @Test
  void aCertificateThatClientsRefuseIsRolledBack() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    try (TestServer server = TestServer.start(dir.resolve("s"))) {
      int port = server.submissions().getPort();
      String original = served(port);
      assertThat(verifyingClient(port, server.caFile()).output()).contains("Verify return code: 0 (ok)");
      SmtpConversation open = server.authenticatedSubmission();

      TestPki.PemPaths stranger = TestPki.server(TestPki.authority("Unknown CA"), List.of("localhost"))
          .write(Files.createDirectories(dir.resolve("new")), "new");
      Files.setPosixFilePermissions(stranger.privateKey(), PosixFilePermissions.fromString("rw-------"));
      Files.copy(stranger.privateKey(), server.config().tls().key(), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(stranger.certificateChain(), server.config().tls().certificate(), StandardCopyOption.REPLACE_EXISTING);
      assertThat(ControlClient.request(server.dataDir().resolve("control.sock"), "tls-reload").orElseThrow())
          .startsWith("ok certificate reloaded");
      String swapped = served(port);
      assertThat(swapped).isNotEqualTo(original);

      try (open) {
        // TLS 1.3 and 1.2 clients alike (their refusals reach the server differently)
        for (int i = 0; i < HandshakeWatch.THRESHOLD; i++) {
          assertThat(verifyingClient(port, server.caFile(), i % 2 == 0 ? "-tls1_3" : "-tls1_2").output())
              .contains("unable to get local issuer certificate");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> served(port).equals(original));
        assertThat(verifyingClient(port, server.caFile()).output()).contains("Verify return code: 0 (ok)");
        assertThat(open.command("NOOP").code()).as("open sessions are not touched").isEqualTo(250);
      }
    }
  }
}
