package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemKeyMaterialLoaderTest {

  @TempDir Path dir;

  private final Pki.Issued ca = Pki.ca("Loader CA");
  private final Pki.Issued intermediate =
      Pki.intermediate(ca, "Loader Intermediate", Pki.NOW.minusSeconds(60), Pki.NOW.plusSeconds(86400 * 365));

  private Path chain(Pki.Issued leaf) {
    Path file = dir.resolve("chain.pem");
    PemFiles.writeCertificates(file, List.of(leaf.certificate(), intermediate.certificate()));
    return file;
  }

  @ParameterizedTest
  @EnumSource(KeyType.class)
  void loadsPkcs8KeysAndTheFullChainInOrder(KeyType type) {
    Pki.Issued leaf = Pki.server(intermediate, type, "mx.test");
    Path key = dir.resolve("key.pem");
    PemFiles.writePrivateKey(key, leaf.key());
    assertThat(text(key)).startsWith("-----BEGIN PRIVATE KEY-----");

    ServerKeyMaterial m = PemKeyMaterialLoader.load(chain(leaf), key);

    assertThat(m.chain()).containsExactly(leaf.certificate(), intermediate.certificate());
    assertThat(m.key().getEncoded()).isEqualTo(leaf.key().getEncoded());
    assertThat(KeyPairMatch.matches(m.key(), m.leaf().getPublicKey())).isTrue();
  }

  @ParameterizedTest
  @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256"})
  void loadsTraditionalKeysWrittenByBouncyCastle(KeyType type) {
    Pki.Issued leaf = Pki.server(intermediate, type, "mx.test");
    Path key = dir.resolve("key.pem");
    PemFiles.writeTraditionalPrivateKey(key, leaf.key());
    assertThat(text(key)).startsWith(type == KeyType.RSA_2048 ? "-----BEGIN RSA PRIVATE KEY-----"
        : "-----BEGIN EC PRIVATE KEY-----");

    ServerKeyMaterial m = PemKeyMaterialLoader.load(chain(leaf), key);

    assertThat(KeyPairMatch.matches(m.key(), leaf.certificate().getPublicKey())).isTrue();
    if (OpenSslCli.available()) {
      // openssl reads what we write, and derives the same public key as the certificate holds
      String publicKey = OpenSslCli.runOk("pkey", "-in", key.toString(), "-pubout").output();
      assertThat(publicKey).contains(java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
          .encodeToString(leaf.certificate().getPublicKey().getEncoded()));
    }
  }

  @Test
  void loadsPkcs1RsaKeyFromOpenssl() {
    OpenSslCli.assumeAvailable();
    Path key = dir.resolve("rsa.key");
    OpenSslCli.runOk("genrsa", "-traditional", "-out", key.toString(), "2048");
    assertThat(text(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(PemKeyMaterialLoader.loadPrivateKey(key)).isInstanceOf(RSAPrivateKey.class);
  }

  @Test
  void loadsSec1EcKeyWithParametersBlockFromOpenssl() {
    OpenSslCli.assumeAvailable();
    Path key = dir.resolve("ec.key");
    OpenSslCli.runOk("ecparam", "-genkey", "-name", "prime256v1", "-out", key.toString());
    assertThat(text(key)).startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");

    assertThat(PemKeyMaterialLoader.loadPrivateKey(key)).isInstanceOf(ECPrivateKey.class);
  }

  @Test
  void loadsOpensslMadeCertificateAndKeyThatMatch() {
    OpenSslCli.assumeAvailable();
    Path key = dir.resolve("ec.key");
    Path cert = dir.resolve("ec.pem");
    OpenSslCli.runOk("ecparam", "-genkey", "-noout", "-name", "prime256v1", "-out", key.toString());
    OpenSslCli.runOk("req", "-new", "-x509", "-key", key.toString(), "-out", cert.toString(), "-days", "30",
        "-subj", "/CN=openssl.test");

    ServerKeyMaterial m = PemKeyMaterialLoader.load(cert, key);

    assertThat(KeyPairMatch.matches(m.key(), m.leaf().getPublicKey())).isTrue();
  }

  @Test
  void loadsEd25519KeyFromOpenssl() {
    OpenSslCli.assumeAvailable();
    Path key = dir.resolve("ed.key");
    OpenSslCli.runOk("genpkey", "-algorithm", "ed25519", "-out", key.toString());

    assertThat(PemKeyMaterialLoader.loadPrivateKey(key).getAlgorithm()).isIn("Ed25519", "EdDSA");
  }

  @Test
  void encryptedPkcs8KeyIsRefusedWithAHint() {
    OpenSslCli.assumeAvailable();
    Path key = dir.resolve("enc.key");
    OpenSslCli.runOk("genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
        "-pass", "pass:secret", "-out", key.toString());
    assertThat(text(key)).contains("ENCRYPTED PRIVATE KEY");

    assertThatThrownBy(() -> PemKeyMaterialLoader.loadPrivateKey(key))
        .isInstanceOf(KeyMaterialException.class)
        .hasMessageContaining(key.toString())
        .hasMessageContaining("encrypted private keys are not supported; decrypt with openssl pkey");
  }

  @Test
  void encryptedTraditionalKeyIsRefusedWithAHint() {
    OpenSslCli.assumeAvailable();
    Path key = dir.resolve("enc-rsa.key");
    OpenSslCli.runOk("genrsa", "-traditional", "-aes128", "-passout", "pass:secret", "-out", key.toString(), "2048");
    assertThat(text(key)).contains("Proc-Type: 4,ENCRYPTED");

    assertThatThrownBy(() -> PemKeyMaterialLoader.loadPrivateKey(key))
        .hasMessageContaining("encrypted private keys are not supported");
  }

  @Test
  void missingFilesAreNamed() {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> PemKeyMaterialLoader.load(missing, missing))
        .isInstanceOf(KeyMaterialException.class).hasMessage(missing + ": file not found");
  }

  @Test
  void fileWithoutCertificateSaysSo() throws Exception {
    Path key = dir.resolve("key.pem");
    PemFiles.writePrivateKey(key, KeyType.EC_P256.generate().getPrivate());
    assertThatThrownBy(() -> PemKeyMaterialLoader.loadCertificates(key))
        .hasMessageStartingWith(key + ": no certificate found");
    Path der = dir.resolve("cert.der");
    Files.write(der, ca.certificate().getEncoded());
    assertThatThrownBy(() -> PemKeyMaterialLoader.loadCertificates(der))
        .hasMessageStartingWith(der + ": no certificate found").hasMessageContaining("-inform der");
  }

  @Test
  void fileWithoutKeySaysSo() {
    Path cert = dir.resolve("cert.pem");
    PemFiles.writeCertificates(cert, List.of(ca.certificate()));
    assertThatThrownBy(() -> PemKeyMaterialLoader.loadPrivateKey(cert))
        .hasMessageStartingWith(cert + ": no private key found");
  }

  @Test
  void damagedPemIsReportedNotThrownRaw() throws Exception {
    Path bad = dir.resolve("bad.pem");
    Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(() -> PemKeyMaterialLoader.loadCertificates(bad))
        .isInstanceOf(KeyMaterialException.class).hasMessageStartingWith(bad + ": ");
    Path truncated = dir.resolve("truncated.pem");
    Files.writeString(truncated, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n");
    assertThatThrownBy(() -> PemKeyMaterialLoader.loadPrivateKey(truncated))
        .isInstanceOf(KeyMaterialException.class).hasMessageStartingWith(truncated + ": ");
    Path garbageKey = dir.resolve("garbage.key");
    Files.writeString(garbageKey, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    assertThatThrownBy(() -> PemKeyMaterialLoader.loadPrivateKey(garbageKey))
        .isInstanceOf(KeyMaterialException.class).hasMessageStartingWith(garbageKey + ": ");
  }

  @Test
  void toStringNeverShowsTheKey() {
    Pki.Issued leaf = Pki.server(ca, KeyType.RSA_2048, "mx.test");
    assertThat(leaf.material().toString()).contains("RSA key").contains("CN=mx.test")
        .doesNotContain(((RSAPrivateKey) leaf.key()).getPrivateExponent().toString());
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
