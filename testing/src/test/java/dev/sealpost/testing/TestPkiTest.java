package dev.sealpost.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.tls.CertificateChecks;
import dev.sealpost.tls.CertificateFinding;
import dev.sealpost.tls.CertificateFinding.Severity;
import dev.sealpost.tls.KeyType;
import dev.sealpost.tls.PemKeyMaterialLoader;
import dev.sealpost.tls.ServerKeyMaterial;
import dev.sealpost.tls.SubjectAltNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

  private static final Instant NOW = Instant.now();

  @TempDir Path dir;

  private static List<Severity> severities(ServerKeyMaterial m) {
    return CertificateChecks.check(m, NOW).stream().map(CertificateFinding::severity).toList();
  }

  @Test
  void serverUnderIntermediateWritesLeafFirstChainAndLoadsBack() throws Exception {
    TestPki.Credential root = TestPki.authority("Root");
    TestPki.Credential intermediate = TestPki.intermediate(root, "Intermediate", NOW.minus(Duration.ofDays(1)),
        NOW.plus(Duration.ofDays(365)));
    TestPki.Credential server = TestPki.server(intermediate, List.of("mx.test", "192.0.2.1"));

    TestPki.PemPaths files = server.write(dir, "server");
    ServerKeyMaterial loaded = PemKeyMaterialLoader.load(files.certificateChain(), files.privateKey());

    assertThat(loaded.chain()).containsExactly(server.certificate(), intermediate.certificate());
    assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(SubjectAltNames.of(server.certificate())).containsExactly("mx.test", "192.0.2.1");
    assertThat(severities(loaded)).containsExactly(Severity.INFO);
    server.certificate().verify(intermediate.certificate().getPublicKey());
    intermediate.certificate().verify(root.certificate().getPublicKey());
  }

  @Test
  void badCertificatesForNegativeTests() {
    TestPki.Credential ca = TestPki.authority("CA");
    TestPki.Credential expired = TestPki.server(ca, List.of("old.test"), KeyType.RSA_2048,
        NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));
    TestPki.Credential early = TestPki.server(ca, List.of("new.test"), KeyType.EC_P256,
        NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    TestPki.Credential self = TestPki.selfSigned(List.of("self.test"), KeyType.EC_P256, NOW, NOW.plus(Duration.ofDays(9)));

    assertThat(severities(expired.keyMaterial())).contains(Severity.ERROR);
    assertThat(severities(early.keyMaterial())).contains(Severity.ERROR);
    assertThat(severities(self.keyMaterial())).contains(Severity.WARNING).doesNotContain(Severity.ERROR);
    assertThat(self.chain()).containsExactly(self.certificate());
    assertThat(self.certificate().getIssuerX500Principal()).isEqualTo(self.certificate().getSubjectX500Principal());
  }

  @Test
  void writesTraditionalKeysAndCaCertificates() throws Exception {
    TestPki.Credential ca = TestPki.authority("CA");
    TestPki.Credential rsa = TestPki.server(ca, List.of("rsa.test"), KeyType.RSA_2048, NOW, NOW.plus(Duration.ofDays(2)));
    TestPki.Credential ec = TestPki.server(ca, List.of("ec.test"));

    Path rsaKey = rsa.writeTraditionalKey(dir.resolve("rsa.key"));
    Path ecKey = ec.writeTraditionalKey(dir.resolve("ec.key"));
    Path caFile = ca.writeCertificate(dir.resolve("ca.pem"));

    assertThat(Files.readString(rsaKey)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(ecKey)).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(((ECPrivateKey) PemKeyMaterialLoader.loadPrivateKey(ecKey)).getS()).isEqualTo(((ECPrivateKey) ec.key()).getS());
    assertThat(PemKeyMaterialLoader.loadCertificates(caFile)).containsExactly(ca.certificate());
  }
}
