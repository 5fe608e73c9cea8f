package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.server.auth.UsersFile;
import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.testing.SmtpConversation;
import dev.sealpost.testing.TestPki;
import dev.sealpost.tls.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server refuses at start: bad key material and secrets other users could read. */
class StartupChecksTest {

  @TempDir Path dir;
  private final TestPki.Credential ca = TestPki.authority("Startup Test CA");

  @BeforeEach
  void users() {
    UsersFile u = UsersFile.createEmpty(dir.resolve("users"));
    u.add("demo@example.test", "password123".toCharArray());
    u.save();
  }

  private SealpostServer start(TestPki.PemPaths pem) throws Exception {
    return start(pem, "");
  }

  private SealpostServer start(TestPki.PemPaths pem, String extraTls) throws Exception {
    Path cfg = dir.resolve("sealpost.toml");
    Files.writeString(cfg, """
        domains = ["example.test"]
        [tls]
        certificate = "%s"
        key = "%s"
        """.formatted(pem.certificateChain(), pem.privateKey()) + extraTls + """
        [[listeners]]
        kind = "submissions"
        address = "127.0.0.1:0"
        """);
    return SealpostServer.start(ConfigLoader.load(cfg));
  }

  @Test
  void expiredCertificateRefusesTheStart() {
    Instant now = Instant.now();
    var expired = TestPki.server(ca, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(100)),
        now.minus(Duration.ofDays(1)));
    assertThatThrownBy(() -> start(expired.write(dir, "expired")))
        .isInstanceOf(StartupException.class).hasMessageContaining("expired");
  }

  @Test
  void anExpiredCertificateStartsOnlyWhenForcedAndStillNothingElseBroken() throws Exception {
    Instant now = Instant.now();
    var expired = TestPki.server(ca, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(100)),
        now.minus(Duration.ofDays(1))).write(dir, "expired");
    try (SealpostServer server = start(expired, "start-with-expired-certificate = true\n")) {
      assertThat(server.address("submissions").getPort()).isPositive();
    }
    var other = TestPki.server(ca, List.of("localhost")).write(dir, "other");
    var mismatched = new TestPki.PemPaths(expired.certificateChain(), other.privateKey());
    assertThatThrownBy(() -> start(mismatched, "start-with-expired-certificate = true\n"))
        .isInstanceOf(StartupException.class).hasMessageContaining("does not belong");
  }

  @Test
  void keyNotMatchingTheCertificateRefusesTheStart() {
    var a = TestPki.server(ca, List.of("localhost")).write(dir, "a");
    var b = TestPki.server(ca, List.of("localhost")).write(dir, "b");
    assertThatThrownBy(() -> start(new TestPki.PemPaths(a.certificateChain(), b.privateKey())))
        .isInstanceOf(StartupException.class).hasMessageContaining("does not belong");
  }

  @Test
  void worldReadableKeyRefusesTheStart() throws Exception {
    var pem = TestPki.server(ca, List.of("localhost")).write(dir, "open");
    Files.setPosixFilePermissions(pem.privateKey(), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> start(pem)).isInstanceOf(StartupException.class)
        .hasMessageContaining("unsafe permissions").hasMessageContaining("chmod 600");
  }

  @Test
  void worldReadableUsersFileRefusesTheStart() throws Exception {
    var pem = TestPki.server(ca, List.of("localhost")).write(dir, "ok");
    Files.setPosixFilePermissions(dir.resolve("users"), PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> start(pem)).hasMessageContaining("users");
  }

  @Test
  void rsaCertificateWithPkcs1KeyServesTls() throws Exception {
    Instant now = Instant.now();
    var rsa = TestPki.server(ca, List.of("localhost", "127.0.0.1"), KeyType.RSA_2048, now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(90)));
    var pem = rsa.write(dir, "rsa");
    rsa.writeTraditionalKey(pem.privateKey());
    assertThat(Files.readString(pem.privateKey())).contains("BEGIN RSA PRIVATE KEY");
    try (SealpostServer server = start(pem);
        SmtpConversation c = SmtpConversation.implicitTls(server.address("submissions"), ca.certificate())) {
      assertThat(c.read().code()).isEqualTo(220);
      assertThat(c.tlsSocket().getSession().getCipherSuite()).isEqualTo("TLS_AES_256_GCM_SHA384");
    }
  }

  @Test
  void certificateExpiringSoonStillStarts() throws Exception {
    Instant now = Instant.now();
    var soon = TestPki.server(ca, List.of("localhost"), KeyType.EC_P256, now.minus(Duration.ofDays(80)),
        now.plus(Duration.ofDays(5)));
    try (SealpostServer server = start(soon.write(dir, "soon"))) {
      assertThat(server.address("submissions").getPort()).isPositive();
    }
  }
}
