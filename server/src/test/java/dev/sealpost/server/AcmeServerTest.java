package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sealpost.server.control.ControlClient;
import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.FreePorts;
import dev.sealpost.testing.PebbleServer;
import dev.sealpost.testing.SmtpConversation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running server with [acme] against Pebble: it obtains a certificate for its name at start and
 * serves it (as `openssl s_client` verifying against Pebble's root sees it), renews on `acme-renew`
 * while an open session goes on, and reports days left in its metrics.
 */
class AcmeServerTest {
  private static final String NAME = "mail.example.test";

  @TempDir Path dir;

  private static ExternalCommand.Result verify(int port, Path root) {
    return ExternalCommand.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", NAME,
        "-CAfile", root.toString(), "-verify_hostname", NAME, "-verify_return_error"), "", Map.of(), 30);
  }

  private static String fingerprint(int port) {
    return ExternalCommand.run(List.of("bash", "-c", "openssl s_client -connect 127.0.0.1:" + port + " -servername "
        + NAME + " </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256"), "", Map.of(), 30)
        .stdout().strip();
  }

  @Test
  void obtainsServesAndRenewsItsCertificate() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    PebbleServer.assumeAvailable();
    int httpPort = FreePorts.one();
    try (FakeDnsServer dns = FakeDnsServer.start().a(NAME, "127.0.0.1");
         PebbleServer pebble = PebbleServer.start(dir.resolve("pebble"), dns, httpPort, FreePorts.one(),
             Duration.ofDays(90))) {
      Path root = Files.writeString(dir.resolve("pebble-root.pem"), pebble.rootCertificate());
      String toml = """
          [acme]
          directory = "%s"
          agree-to-terms = true
          names = ["%s"]
          email = "hostmaster@example.test"
          http-listen = "127.0.0.1:%d"
          ca-bundle = "%s"
          """.formatted(pebble.directory(), NAME, httpPort, pebble.httpsCa());
      try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
        int port = server.submissions().getPort();
        // The dev certificate does not cover mail.example.test: the first check orders one at once.
        await().atMost(Duration.ofSeconds(60)).until(() -> verify(port, root).output()
            .contains("Verify return code: 0 (ok)"));
        ExternalCommand.Result verified = verify(port, root);
        assertThat(verified.output()).contains("i:CN = Pebble Intermediate CA").contains("s:CN = " + NAME);
        // STARTTLS on 587 serves it too
        assertThat(ExternalCommand.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:"
            + server.submission().getPort(), "-starttls", "smtp", "-servername", NAME, "-CAfile", root.toString(),
            "-verify_hostname", NAME, "-verify_return_error"), "", Map.of(), 30).output())
            .contains("Verify return code: 0 (ok)");
        String first = fingerprint(port);

        String metrics = ControlClient.request(server.dataDir().resolve("control.sock"), "metrics").orElseThrow();
        assertThat(metrics).startsWith("ok # sealpost metrics\n# HELP").contains("sealpost_tls_certificate_days_left{file=\"")
            .contains("subject=\"CN=" + NAME + "\"").contains("sealpost_acme_failures 0")
            .contains("sealpost_acme_last_issued_seconds ");
        assertThat(metrics).containsPattern("sealpost_tls_certificate_days_left\\{[^}]*\\} (89\\.9\\d\\d|90\\.000)\n");

        java.security.cert.X509Certificate pebbleRoot = (java.security.cert.X509Certificate) java.security.cert
            .CertificateFactory.getInstance("X.509").generateCertificate(Files.newInputStream(root));
        try (SmtpConversation open = server.authenticatedSubmission(pebbleRoot, NAME)) {
          String renewed = ControlClient.request(server.dataDir().resolve("control.sock"), "acme-renew").orElseThrow();
          assertThat(renewed).startsWith("ok certificate issued and in use");
          assertThat(fingerprint(port)).isNotEqualTo(first);
          assertThat(verify(port, root).output()).contains("Verify return code: 0 (ok)");
          assertThat(open.command("NOOP").code()).isEqualTo(250);
        }

        // The CA is gone: the renewal fails, the server keeps serving what it has.
        String inUse = fingerprint(port);
        pebble.close();
        String failed = ControlClient.request(server.dataDir().resolve("control.sock"), "acme-renew").orElseThrow();
        assertThat(failed).startsWith("error renewal failed (").contains("the certificate in use stays");
        assertThat(fingerprint(port)).isEqualTo(inUse);
        assertThat(ControlClient.request(server.dataDir().resolve("control.sock"), "metrics").orElseThrow())
            .contains("sealpost_acme_failures 1");
      }
    }
  }

  @Test
  void aResponderPortThatCannotBeBoundStopsTheStartWithAClearError() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String toml = """
          [acme]
          directory = "https://acme.invalid/dir"
          agree-to-terms = true
          names = ["mail.example.test"]
          http-listen = "127.0.0.1:%d"
          """.formatted(taken.getLocalPort());
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.start(dir.resolve("s"), toml))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("ACME: cannot listen on /127.0.0.1:" + taken.getLocalPort() + " for ACME HTTP-01");
    }
  }
}
