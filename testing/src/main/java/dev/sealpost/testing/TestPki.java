package dev.sealpost.testing;

import dev.sealpost.tls.CertificateBuilder;
import dev.sealpost.tls.KeyType;
import dev.sealpost.tls.PemFiles;
import dev.sealpost.tls.ServerKeyMaterial;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for tests, made in memory: a CA, intermediates, and server certificates with chosen key
 * type, names and validity, so tests can build expired, not-yet-valid, wrong-host or self-signed cases.
 *
 * <pre>{@code
 * TestPki.Credential ca = TestPki.authority("Test CA");
 * TestPki.Credential server = TestPki.server(ca, List.of("mx.test"));
 * TestPki.PemPaths files = server.write(tempDir, "server");   // server.pem (leaf + chain) and server.key
 * SslContext ctx = SslContexts.forServer(server.keyMaterial(), TlsPolicy.modern());
 * }</pre>
 */
public final class TestPki {

  /** Default validity: started a day ago (no clock-skew surprises), ends in 90 days. */
  public static final Duration BACKDATE = Duration.ofDays(1);
  public static final Duration LIFETIME = Duration.ofDays(90);

  /**
   * A certificate with its key. {@code chain} is what a server presents: this certificate first, then
   * the intermediates up to (not including) the root; for a root or self-signed certificate, just itself.
   */
  public record Credential(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    public Credential {
      chain = List.copyOf(chain);
    }

    public ServerKeyMaterial keyMaterial() {
      return new ServerKeyMaterial(key, chain);
    }

    /** Writes {@code dir/name.pem} (the chain) and {@code dir/name.key} (PKCS#8). */
    public PemPaths write(Path dir, String name) {
      PemPaths files = new PemPaths(dir.resolve(name + ".pem"), dir.resolve(name + ".key"));
      PemFiles.writeCertificates(files.certificateChain(), chain);
      PemFiles.writePrivateKey(files.privateKey(), key);
      return files;
    }

    /** Writes only this certificate, e.g. a CA for a client's trust store. */
    public Path writeCertificate(Path file) {
      PemFiles.writeCertificates(file, List.of(certificate));
      return file;
    }

    /** Writes the key as PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). */
    public Path writeTraditionalKey(Path file) {
      PemFiles.writeTraditionalPrivateKey(file, key);
      return file;
    }
  }

  /** Paths written by {@link Credential#write}. */
  public record PemPaths(Path certificateChain, Path privateKey) {}

  private TestPki() {}

  /** A root CA with an EC P-256 key, valid from a day ago for ten years. */
  public static Credential authority(String commonName) {
    Instant start = Instant.now().minus(BACKDATE);
    return authority(commonName, KeyType.EC_P256, start, start.plus(Duration.ofDays(3650)));
  }

  public static Credential authority(String commonName, KeyType type, Instant notBefore, Instant notAfter) {
    KeyPair keys = type.generate();
    X509Certificate cert = CertificateBuilder.authority(commonName).validity(notBefore, notAfter).selfSigned(keys);
    return new Credential(cert, keys.getPrivate(), List.of(cert));
  }

  /** An intermediate CA signed by {@code issuer}; certificates it issues carry it in their chain. */
  public static Credential intermediate(Credential issuer, String commonName, Instant notBefore, Instant notAfter) {
    KeyPair keys = KeyType.EC_P256.generate();
    X509Certificate cert = CertificateBuilder.authority(commonName).validity(notBefore, notAfter)
        .issue(keys.getPublic(), issuer.certificate(), issuer.key());
    return new Credential(cert, keys.getPrivate(), chainOf(cert, issuer));
  }

  /** A server certificate for {@code hostNames} (names or IP literals), EC P-256, default validity. */
  public static Credential server(Credential issuer, List<String> hostNames) {
    Instant start = Instant.now().minus(BACKDATE);
    return server(issuer, hostNames, KeyType.EC_P256, start, start.plus(LIFETIME));
  }

  /** A server certificate with everything chosen; CN is the first host name. */
  public static Credential server(Credential issuer, List<String> hostNames, KeyType type, Instant notBefore,
      Instant notAfter) {
    KeyPair keys = type.generate();
    X509Certificate cert = CertificateBuilder.server(hostNames.getFirst()).subjectAltNames(hostNames)
        .validity(notBefore, notAfter).issue(keys.getPublic(), issuer.certificate(), issuer.key());
    return new Credential(cert, keys.getPrivate(), chainOf(cert, issuer));
  }

  /** A server certificate that expired a day ago (valid for the 30 days before), EC P-256. */
  public static Credential expiredServer(Credential issuer, List<String> hostNames) {
    Instant now = Instant.now();
    return server(issuer, hostNames, KeyType.EC_P256, now.minus(Duration.ofDays(31)), now.minus(Duration.ofDays(1)));
  }

  /** A self-signed server certificate, as a careless admin or an opportunistic-TLS MX would have. */
  public static Credential selfSigned(List<String> hostNames, KeyType type, Instant notBefore, Instant notAfter) {
    KeyPair keys = type.generate();
    X509Certificate cert = CertificateBuilder.server(hostNames.getFirst()).subjectAltNames(hostNames)
        .validity(notBefore, notAfter).selfSigned(keys);
    return new Credential(cert, keys.getPrivate(), List.of(cert));
  }

  /** The new certificate, then the issuer's chain without its root (servers need not send the root). */
  private static List<X509Certificate> chainOf(X509Certificate cert, Credential issuer) {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(cert);
    for (X509Certificate c : issuer.chain()) {
      if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        chain.add(c);
      }
    }
    return chain;
  }
}
