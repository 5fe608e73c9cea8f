package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.tls.CertificateFinding.Severity;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateChecksTest {

  private static final Instant NOW = Pki.NOW;
  private final Pki.Issued ca = Pki.ca("Checks CA");

  private static List<CertificateFinding> of(List<CertificateFinding> findings, Severity severity) {
    return findings.stream().filter(f -> f.severity() == severity).toList();
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void soundMaterialHasOnlyAnInfoLine(KeyType type) {
    List<CertificateFinding> findings = CertificateChecks.check(Pki.server(ca, type, "mx.test").material(), NOW);

    assertThat(findings).singleElement().satisfies(f -> {
      assertThat(f.severity()).isEqualTo(Severity.INFO);
      assertThat(f.message()).contains("CN=mx.test").contains("mx.test").contains("CN=Checks CA");
    });
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void keyOfAnotherCertificateIsAnError(KeyType type) {
    Pki.Issued leaf = Pki.server(ca, type, "mx.test");
    Pki.Issued other = Pki.server(ca, type, "mx.test");
    var material = new ServerKeyMaterial(other.key(), List.of(leaf.certificate()));

    assertThat(of(CertificateChecks.check(material, NOW), Severity.ERROR)).singleElement()
        .extracting(CertificateFinding::message).asString()
        .contains("does not belong to certificate 'CN=mx.test'");
  }

  @Test
  void keyOfAnotherTypeIsAnError() {
    Pki.Issued leaf = Pki.server(ca, KeyType.EC_P256, "mx.test");
    KeyPair rsa = KeyType.RSA_2048.generate();

    assertThat(of(CertificateChecks.check(new ServerKeyMaterial(rsa.getPrivate(), List.of(leaf.certificate())), NOW),
        Severity.ERROR)).hasSize(1);
  }

  @Test
  void expiredLeafIsAnError() {
    Pki.Issued leaf = Pki.server(ca, KeyType.EC_P256, "old.test", NOW.minus(Duration.ofDays(100)),
        NOW.minus(Duration.ofDays(10)));

    assertThat(of(CertificateChecks.check(leaf.material(), NOW), Severity.ERROR)).singleElement()
        .extracting(CertificateFinding::message).asString().contains("'CN=old.test' expired on");
  }

  @Test
  void notYetValidLeafIsAnError() {
    Pki.Issued leaf = Pki.server(ca, KeyType.EC_P256, "new.test", NOW.plus(Duration.ofDays(2)),
        NOW.plus(Duration.ofDays(100)));

    assertThat(of(CertificateChecks.check(leaf.material(), NOW), Severity.ERROR)).singleElement()
        .extracting(CertificateFinding::message).asString().contains("'CN=new.test' is not valid before");
  }

  @Test
  void expiringSoonIsAWarningWithDaysLeftAndDate() {
    Instant notAfter = Instant.parse("2031-03-04T05:06:00Z");
    Pki.Issued leaf = Pki.server(ca, KeyType.EC_P256, "soon.test", notAfter.minus(Duration.ofDays(90)), notAfter);

    List<CertificateFinding> findings = CertificateChecks.check(leaf.material(), notAfter.minus(Duration.ofHours(24 * 12 + 1)));

    assertThat(of(findings, Severity.ERROR)).isEmpty();
    assertThat(of(findings, Severity.WARNING)).singleElement().extracting(CertificateFinding::message).asString()
        .contains("'CN=soon.test' expires in 12 days").contains("2031-03-04 05:06 UTC");
  }

  @Test
  void thirtyOneDaysLeftIsFine() {
    Pki.Issued leaf = Pki.server(ca, KeyType.EC_P256, "ok.test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(31)));

    assertThat(of(CertificateChecks.check(leaf.material(), NOW), Severity.WARNING)).isEmpty();
  }

  @Test
  void chainOutOfOrderIsAWarning() {
    Pki.Issued intermediate = Pki.intermediate(ca, "Checks Intermediate", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(900)));
    Pki.Issued leaf = Pki.server(intermediate, KeyType.EC_P256, "mx.test");

    assertThat(CertificateChecks.check(leaf.material(intermediate.certificate(), ca.certificate()), NOW)).hasSize(1);
    assertThat(of(CertificateChecks.check(leaf.material(ca.certificate(), intermediate.certificate()), NOW), Severity.WARNING))
        .isNotEmpty().first().extracting(CertificateFinding::message).asString()
        .contains("out of order").contains("CN=Checks Intermediate");
  }

  @Test
  void expiredIntermediateIsAWarning() {
    Pki.Issued intermediate = Pki.intermediate(ca, "Stale Intermediate", NOW.minus(Duration.ofDays(900)), NOW.minus(Duration.ofDays(1)));
    Pki.Issued leaf = Pki.server(intermediate, KeyType.EC_P256, "mx.test");

    assertThat(of(CertificateChecks.check(leaf.material(intermediate.certificate()), NOW), Severity.WARNING))
        .singleElement().extracting(CertificateFinding::message).asString()
        .contains("intermediate certificate 'CN=Stale Intermediate' expired");
  }

  @Test
  void certificateWithoutSubjectAltNameIsAWarning() {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate bare = CertificateBuilder.server("bare.test").issue(keys.getPublic(), ca.certificate(), ca.key());

    assertThat(of(CertificateChecks.check(new ServerKeyMaterial(keys.getPrivate(), List.of(bare)), NOW), Severity.WARNING))
        .singleElement().extracting(CertificateFinding::message).asString().contains("no subjectAltName");
  }
}
