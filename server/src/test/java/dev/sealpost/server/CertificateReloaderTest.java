package dev.sealpost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.testing.MutableClock;
import dev.sealpost.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expiry warnings of the certificate in use: at 30, 14, 7, 3 and 1 days, each once. */
class CertificateReloaderTest {

  @TempDir Path dir;

  @Test
  void warnsOncePerThresholdAsTheCertificateNearsItsEnd() throws Exception {
    Instant now = Instant.now();
    TestPki.Credential ca = TestPki.authority("Expiry CA");
    TestPki.PemPaths files = TestPki.server(ca, List.of("localhost"), dev.sealpost.tls.KeyType.EC_P256,
        now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(10)).plusSeconds(3600)).write(dir, "server");
    Files.setPosixFilePermissions(files.privateKey(), PosixFilePermissions.fromString("rw-------"));
    MutableClock clock = new MutableClock(now);
    CertificateReloader reloader = new CertificateReloader(new TlsSettings(files.certificateChain(),
        files.privateKey(), List.of("TLSv1.3", "TLSv1.2"), false), clock);
    assertThat(reloader.daysLeft()).isEqualTo(10);
    assertThat(reloader.warnedAt()).as("10 days left: the 14-day warning").isEqualTo(14);
    clock.advance(Duration.ofDays(1));
    reloader.poll();
    assertThat(reloader.warnedAt()).as("9 days: nothing new").isEqualTo(14);
    clock.advance(Duration.ofDays(3));
    reloader.poll();
    assertThat(reloader.warnedAt()).as("6 days: the 7-day warning").isEqualTo(7);
    clock.advance(Duration.ofDays(5));
    reloader.poll();
    assertThat(reloader.warnedAt()).as("1 day: straight to the 3-day warning... then 1").isEqualTo(3);
    clock.advance(Duration.ofHours(12));
    reloader.poll();
    assertThat(reloader.warnedAt()).isEqualTo(1);
  }

  @Test
  void aNewCertificateThatDropsTheServersNameIsRefused() throws Exception {
    TestPki.Credential ca = TestPki.authority("Names CA");
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    install(TestPki.server(ca, List.of("mail.example.test")), cert, key);
    CertificateReloader reloader = new CertificateReloader(new TlsSettings(cert, key, List.of("TLSv1.3"), false),
        java.time.Clock.systemUTC(), "mail.example.test");
    install(TestPki.server(ca, List.of("www.example.test")), cert, key);
    assertThatThrownBy(() -> reloader.reload("test")).isInstanceOf(StartupException.class)
        .hasMessageContaining("is for [www.example.test], not for mail.example.test as the one in use is");
    assertThat(reloader.served().getFirst().names()).containsExactly("mail.example.test");
    install(TestPki.server(ca, List.of("*.example.test")), cert, key);
    assertThat(reloader.reload("test")).startsWith("certificate reloaded");
    assertThat(reloader.reload("again")).as("the same files").startsWith("certificate unchanged");
    install(TestPki.server(ca, List.of("www.example.test")), cert, key);
    assertThat(reloader.reload("acme", true)).as("names checked by the caller").startsWith("certificate reloaded");
    assertThat(reloader.served().getFirst().names()).containsExactly("www.example.test");
  }

  @Test
  void aChainThatNoLongerReachesAKnownRootIsRefused() throws Exception {
    TestPki.Credential root = TestPki.authority("Known Root");
    Instant now = Instant.now();
    TestPki.Credential intermediate = TestPki.intermediate(root, "Known Intermediate", now.minus(Duration.ofDays(1)),
        now.plus(Duration.ofDays(300)));
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server.key");
    TestPki.Credential first = TestPki.server(intermediate, List.of("mail.example.test"));
    install(first, cert, key); // leaf + intermediate
    CertificateReloader reloader = new CertificateReloader(new TlsSettings(cert, key, List.of("TLSv1.3"), false),
        java.time.Clock.systemUTC(), "mail.example.test", List.of(root.certificate()));
    TestPki.Credential next = TestPki.server(intermediate, List.of("mail.example.test"));
    dev.sealpost.tls.PemFiles.writeCertificates(cert, List.of(next.certificate())); // the intermediate left out
    dev.sealpost.tls.PemFiles.writePrivateKey(key, next.key());
    assertThatThrownBy(() -> reloader.reload("test")).isInstanceOf(StartupException.class)
        .hasMessageContaining("does not reach a trusted root").hasMessageContaining("issued by CN=Known Intermediate");
    assertThat(reloader.served().getFirst().notAfter()).isEqualTo(first.certificate().getNotAfter().toInstant());
    install(next, cert, key); // with its intermediate again
    assertThat(reloader.reload("test")).startsWith("certificate reloaded");
    // From another, unknown CA: refused as well (clients would not know it either).
    install(TestPki.server(TestPki.authority("Stranger CA"), List.of("mail.example.test")), cert, key);
    assertThatThrownBy(() -> reloader.reload("test")).hasMessageContaining("issued by CN=Stranger CA");
  }

  private static void install(TestPki.Credential c, Path cert, Path key) throws Exception {
    dev.sealpost.tls.PemFiles.writeCertificates(cert, c.chain());
    dev.sealpost.tls.PemFiles.writePrivateKey(key, c.key());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
  }
}
