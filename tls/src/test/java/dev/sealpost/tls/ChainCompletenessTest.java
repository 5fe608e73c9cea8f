package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainCompletenessTest {
  @TempDir Path dir;

  @Test
  void aLeafWithoutItsIntermediateIsFlaggedAndTheFullChainIsNot() {
    Instant now = Instant.now();
    KeyPair rootKeys = KeyType.EC_P256.generate();
    X509Certificate root = CertificateBuilder.authority("Chain Root")
        .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(900))).selfSigned(rootKeys);
    KeyPair intermediateKeys = KeyType.EC_P256.generate();
    X509Certificate intermediate = CertificateBuilder.authority("Chain Intermediate")
        .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(300)))
        .issue(intermediateKeys.getPublic(), root, rootKeys.getPrivate());
    X509Certificate leaf = CertificateBuilder.server("mail.example.test").subjectAltNames(List.of("mail.example.test"))
        .validity(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)))
        .issue(KeyType.EC_P256.generate().getPublic(), intermediate, intermediateKeys.getPrivate());
    Path rootFile = dir.resolve("root.pem");
    PemFiles.writeCertificates(rootFile, List.of(root));

    assertThat(ChainCompleteness.missingIssuer(List.of(leaf, intermediate), Optional.of(rootFile))).isEmpty();
    assertThat(ChainCompleteness.missingIssuer(List.of(leaf), Optional.of(rootFile))).get().asString()
        .contains("issued by CN=Chain Intermediate");
    assertThat(ChainCompleteness.missingIssuer(List.of(leaf, intermediate), Optional.empty()))
        .as("the root is not known here").isPresent();
    assertThat(ChainCompleteness.missingIssuer(List.of(leaf, intermediate, root), Optional.empty()))
        .as("ends with its own root").isEmpty();
  }
}
