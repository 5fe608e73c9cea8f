package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.ExternalCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** TLS as `openssl s_client` sees it: versions, ciphers and the certificate, on 465, 587 and 25. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpensslClientTest {

  @TempDir static Path dir;
  private TestServer server;

  @BeforeAll
  void start() {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl not installed: .ci/run installs it");
    server = TestServer.start(dir);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private ExternalCommand.Result sClient(int port, boolean starttls, String... extra) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-verify_hostname", "localhost", "-CAfile", server.caFile().toString(),
        "-verify_return_error", "-brief", "-ign_eof"));
    if (starttls) {
      cmd.addAll(List.of("-starttls", "smtp"));
    }
    cmd.addAll(List.of(extra));
    return ExternalCommand.run(cmd, "QUIT\r\n", Map.of(), 30);
  }

  @Test
  void starttlsOnSubmissionNegotiatesTls13WithAVerifiedCertificate() {
    var r = sClient(server.submission().getPort(), true);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("Protocol version: TLSv1.3", "Verification: OK");
  }

  @Test
  void implicitTlsOnSubmissions() {
    var r = sClient(server.submissions().getPort(), false);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("Protocol version: TLSv1.3", "Verification: OK");
    assertThat(r.stdout()).contains("220 mx.example.test ESMTP", "221 2.0.0 Bye");
  }

  @Test
  void starttlsOnMxPort() {
    var r = sClient(server.smtp().getPort(), true);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("Verification: OK");
  }

  @Test
  void tls12WithEcdheGcmIsAccepted() {
    var r = sClient(server.submissions().getPort(), false, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("Protocol version: TLSv1.2", "ECDHE-ECDSA-AES128-GCM-SHA256");
  }

  @Test
  void tls11IsRefusedOnEveryListener() {
    for (int port : new int[] {server.submissions().getPort()}) {
      var r = sClient(port, false, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
      assertThat(r.exitCode()).as(r.output()).isNotZero();
      assertThat(r.output()).doesNotContain("Protocol version: TLSv1.1");
    }
    for (int port : new int[] {server.submission().getPort(), server.smtp().getPort()}) {
      var r = sClient(port, true, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
      assertThat(r.exitCode()).as(r.output()).isNotZero();
      assertThat(r.output()).doesNotContain("Protocol version: TLSv1.1");
    }
  }

  @Test
  void tls10IsRefused() {
    var r = sClient(server.submissions().getPort(), false, "-tls1", "-cipher", "DEFAULT@SECLEVEL=0");
    assertThat(r.exitCode()).as(r.output()).isNotZero();
  }

  @Test
  void cbcAndRsaKeyExchangeSuitesAreRefusedInTls12() {
    for (String cipher : new String[] {"ECDHE-ECDSA-AES128-SHA", "AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-SHA384"}) {
      var r = sClient(server.submissions().getPort(), false, "-tls1_2", "-cipher", cipher);
      assertThat(r.exitCode()).as(cipher + ": " + r.output()).isNotZero();
    }
  }
}
