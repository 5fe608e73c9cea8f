package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ECDSA and an RSA certificate for the same name: `openssl s_client` gets the RSA one when it can only
 * verify RSA signatures (TLS 1.3 signature algorithms, TLS 1.2 cipher suites), the ECDSA one otherwise.
 */
class DualCertificateTest {

  @TempDir Path dir;

  /** The public key algorithm and the peer signature type that `openssl s_client` reports. */
  private static String handshake(int port, String... options) {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost"));
    cmd.addAll(List.of(options));
    ExternalCommand.Result r = ExternalCommand.run(cmd, "", Map.of(), 30);
    return r.output();
  }

  @Test
  void eachClientGetsTheKeyTypeItCanVerify() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    TestPki.Credential ca = TestPki.authority("Dual CA");
    Instant now = Instant.now();
    TestPki.PemPaths rsa = TestPki.server(ca, List.of("localhost"), KeyType.RSA_2048, now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(60))).write(Files.createDirectories(dir.resolve("rsa")), "rsa");
    Files.setPosixFilePermissions(rsa.privateKey(), PosixFilePermissions.fromString("rw-------"));
    String toml = "[[tls.certificates]]\ncertificate = \"" + rsa.certificateChain() + "\"\nkey = \""
        + rsa.privateKey() + "\"\n";
    try (TestServer server = TestServer.start(dir.resolve("s"), toml)) {
      int port = server.submissions().getPort();
      assertThat(handshake(port, "-tls1_3", "-sigalgs", "rsa_pss_rsae_sha256:rsa_pss_rsae_sha384"))
          .contains("Peer signature type: RSA-PSS").contains("a:PKEY: rsaEncryption, 2048 (bit)");
      assertThat(handshake(port, "-tls1_3", "-sigalgs", "ecdsa_secp256r1_sha256"))
          .contains("Peer signature type: ECDSA").contains("a:PKEY: id-ecPublicKey, 256 (bit)");
      assertThat(handshake(port, "-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256"))
          .contains("Cipher is ECDHE-RSA-AES128-GCM-SHA256").contains("a:PKEY: rsaEncryption, 2048 (bit)");
      assertThat(handshake(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"))
          .contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256").contains("a:PKEY: id-ecPublicKey, 256 (bit)");
      assertThat(handshake(port)).as("a client that takes both gets ECDSA (cheaper handshakes)")
          .contains("a:PKEY: id-ecPublicKey, 256 (bit)");
      // STARTTLS on 587 as well
      assertThat(handshake(server.submission().getPort(), "-starttls", "smtp", "-tls1_3", "-sigalgs",
          "rsa_pss_rsae_sha256")).contains("a:PKEY: rsaEncryption, 2048 (bit)");
      assertThat(server.server().servedCertificates()).extracting(ServedCertificate::keyAlgorithm)
          .containsExactlyInAnyOrder("EC", "RSA");
    }
  }
}
