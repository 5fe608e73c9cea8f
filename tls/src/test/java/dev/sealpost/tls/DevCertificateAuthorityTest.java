package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificateAuthorityTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  @TempDir Path temp;

  private Path tlsDir() {
    return temp.resolve("state").resolve("tls");
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void createsAPrivateCaAndAServerCertificateWithPrivateKeys() throws Exception {
    DevTlsFiles files = DevCertificateAuthority.ensure(tlsDir(), List.of("mail.test"), NOW);

    assertThat(files.created()).isTrue();
    assertThat(mode(tlsDir())).isEqualTo("rwx------");
    assertThat(mode(tlsDir().resolve("ca.key"))).isEqualTo("rw-------");
    assertThat(mode(files.serverKey())).isEqualTo("rw-------");
    assertThat(mode(files.caCertificate())).isEqualTo("rw-r--r--");
    assertThat(files.serverCertificate()).isEqualTo(tlsDir().resolve("server.pem"));
    assertThat(PemKeyMaterialLoader.loadCertificates(files.serverCertificate())).hasSize(1);
    try (var listing = Files.list(tlsDir())) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.pem", "ca.key", "server.pem", "server.key");
    }
  }

  @Test
  void caCertificateIsARestrictedTenYearP256Ca() throws Exception {
    DevTlsFiles files = DevCertificateAuthority.ensure(tlsDir(), List.of(), NOW);
    ServerKeyMaterial ca = PemKeyMaterialLoader.load(files.caCertificate(), tlsDir().resolve("ca.key"));
    X509Certificate c = ca.leaf();

    assertThat(c.getSubjectX500Principal().getName()).matches("CN=Sealpost Dev CA [0-9a-f]{8}");
    assertThat(c.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(c.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    assertThat(c.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
    assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()).toDays())
        .isBetween(3650L, 3653L);
    assertThat(CertificateChecks.check(ca, NOW)).noneMatch(f -> f.severity() == CertificateFinding.Severity.ERROR);
  }

  @Test
  void serverCertificateHasTheNamesUsagesAndLifetimeAsked() throws Exception {
    DevTlsFiles files = DevCertificateAuthority.ensure(tlsDir(), List.of("Mail.Test."), NOW);
    X509Certificate ca = PemKeyMaterialLoader.loadCertificates(files.caCertificate()).getFirst();
    ServerKeyMaterial server = PemKeyMaterialLoader.load(files.serverCertificate(), files.serverKey());
    X509Certificate c = server.leaf();

    c.verify(ca.getPublicKey());
    assertThat(c.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(c.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
    assertThat(SubjectAltNames.of(c)).containsExactly("localhost", "mail.test", "127.0.0.1", "0:0:0:0:0:0:0:1");
    assertThat(c.getCriticalExtensionOIDs()).contains("2.5.29.15");
    assertThat(c.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
    assertThat(c.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(c.getBasicConstraints()).isEqualTo(-1);
    assertThat(c.getSerialNumber().bitLength()).isBetween(64, 128);
    assertThat(Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(397));
    assertThat(c.getNotBefore().toInstant()).isBefore(NOW);
    byte[] aki = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(c.getExtensionValue("2.5.29.35")).getOctets())
        .getKeyIdentifierOctets();
    byte[] caSki = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ca.getExtensionValue("2.5.29.14")).getOctets())
        .getKeyIdentifier();
    assertThat(aki).isEqualTo(caSki);
    assertThat(CertificateChecks.check(server, NOW)).singleElement()
        .extracting(CertificateFinding::severity).isEqualTo(CertificateFinding.Severity.INFO);
  }

  @Test
  void reusesSoundFilesUntouched() throws Exception {
    DevCertificateAuthority.ensure(tlsDir(), List.of("mail.test"), NOW);
    byte[] server = Files.readAllBytes(tlsDir().resolve("server.pem"));
    byte[] ca = Files.readAllBytes(tlsDir().resolve("ca.pem"));

    DevTlsFiles again = DevCertificateAuthority.ensure(tlsDir(), List.of("mail.test"), NOW.plus(Duration.ofDays(300)));

    assertThat(again.created()).isFalse();
    assertThat(Files.readAllBytes(again.serverCertificate())).isEqualTo(server);
    assertThat(Files.readAllBytes(again.caCertificate())).isEqualTo(ca);
  }

  @Test
  void renewsTheServerCertificateNearExpiryUnderTheSameCa() throws Exception {
    DevCertificateAuthority.ensure(tlsDir(), List.of(), NOW);
    byte[] ca = Files.readAllBytes(tlsDir().resolve("ca.pem"));
    byte[] server = Files.readAllBytes(tlsDir().resolve("server.pem"));

    DevTlsFiles renewed = DevCertificateAuthority.ensure(tlsDir(), List.of(), NOW.plus(Duration.ofDays(370)));

    assertThat(renewed.created()).isTrue();
    assertThat(Files.readAllBytes(renewed.caCertificate())).isEqualTo(ca);
    assertThat(Files.readAllBytes(renewed.serverCertificate())).isNotEqualTo(server);
    assertThat(mode(renewed.serverKey())).isEqualTo("rw-------");
  }

  @Test
  void reissuesForANewHostNameAndForAMissingKey() throws Exception {
    DevCertificateAuthority.ensure(tlsDir(), List.of("a.test"), NOW);
    byte[] ca = Files.readAllBytes(tlsDir().resolve("ca.pem"));

    DevTlsFiles more = DevCertificateAuthority.ensure(tlsDir(), List.of("a.test", "b.test"), NOW);
    assertThat(more.created()).isTrue();
    assertThat(SubjectAltNames.of(PemKeyMaterialLoader.loadCertificates(more.serverCertificate()).getFirst()))
        .contains("a.test", "b.test");

    Files.delete(more.serverKey());
    assertThat(DevCertificateAuthority.ensure(tlsDir(), List.of("a.test"), NOW).created()).isTrue();
    assertThat(Files.readAllBytes(tlsDir().resolve("ca.pem"))).isEqualTo(ca);
  }

  @Test
  void replacesABrokenCaAndEverythingItSigned() throws Exception {
    DevCertificateAuthority.ensure(tlsDir(), List.of(), NOW);
    byte[] ca = Files.readAllBytes(tlsDir().resolve("ca.pem"));
    Files.writeString(tlsDir().resolve("ca.key"), "garbage");

    DevTlsFiles files = DevCertificateAuthority.ensure(tlsDir(), List.of(), NOW);

    assertThat(files.created()).isTrue();
    assertThat(Files.readAllBytes(files.caCertificate())).isNotEqualTo(ca);
    X509Certificate newCa = PemKeyMaterialLoader.loadCertificates(files.caCertificate()).getFirst();
    PemKeyMaterialLoader.loadCertificates(files.serverCertificate()).getFirst().verify(newCa.getPublicKey());
    assertThat(mode(tlsDir().resolve("ca.key"))).isEqualTo("rw-------");
  }

  @Test
  void opensslVerifiesTheServerCertificateAgainstTheCa() {
    OpenSslCli.assumeAvailable();
    DevTlsFiles files = DevCertificateAuthority.ensure(tlsDir(), List.of("mail.test"), Instant.now());

    OpenSslCli.runOk("verify", "-purpose", "sslserver", "-CAfile", files.caCertificate().toString(),
        files.serverCertificate().toString());
    assertThat(OpenSslCli.runOk("x509", "-in", files.serverCertificate().toString(), "-noout",
        "-checkhost", "mail.test", "-checkip", "::1").output())
        .contains("mail.test does match").contains("::1 does match");
  }

  @Test
  void opensslClientTrustingTheCaHandshakesWithTheDevServer() throws Exception {
    OpenSslCli.assumeAvailable();
    DevTlsFiles files = DevCertificateAuthority.ensure(tlsDir(), List.of(), Instant.now());
    ServerKeyMaterial m = PemKeyMaterialLoader.load(files.serverCertificate(), files.serverKey());

    for (SslProvider provider : List.of(SslProvider.OPENSSL, SslProvider.JDK)) {
      try (LoopbackTlsServer server = new LoopbackTlsServer(SslContexts.forServer(m, TlsPolicy.modern(), provider))) {
        var handshake = server.nextHandshake();
        OpenSslCli.Result r = OpenSslCli.connect(server.port(), "-CAfile", files.caCertificate().toString(),
            "-verify_return_error", "-verify_hostname", "localhost");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Verify return code: 0 (ok)");
        assertThat(handshake.get(10, TimeUnit.SECONDS).getProtocol()).isEqualTo("TLSv1.3");
      }
    }
  }
}
