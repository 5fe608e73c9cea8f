package dev.sealpost.tls;

import dev.sealpost.tls.CertificateFinding.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private CA for {@code sealpost dev}: it keeps a CA and a server certificate in one directory, so
 * that a developer trusts {@code ca.pem} once and the server certificate can be renewed under it.
 * Files are reused while they are sound; whatever is missing, broken or near expiry is made anew.
 */
public final class DevCertificateAuthority {

  private static final Logger LOG = LoggerFactory.getLogger(DevCertificateAuthority.class);
  /** Re-issue before clients start warning; the same margin as {@link CertificateChecks}. */
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  /** The longest validity browsers accept (398 days), less a day for clock skew. */
  private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
  private static final Duration CA_VALIDITY = Duration.ofDays(3652);
  /** Backdating absorbs small clock differences between the machine and its clients. */
  private static final Duration BACKDATE = Duration.ofHours(1);

  private DevCertificateAuthority() {}

  /**
   * Makes sure {@code tlsDir} holds ca.pem, ca.key, server.pem and server.key, the server certificate
   * naming localhost, 127.0.0.1, ::1 and {@code hostNames}.
   *
   * @throws IllegalArgumentException naming an invalid host name
   * @throws UncheckedIOException when the directory or files cannot be written
   */
  public static DevTlsFiles ensure(Path tlsDir, List<String> hostNames, Instant now) {
    Path caPem = tlsDir.resolve("ca.pem");
    Path caKey = tlsDir.resolve("ca.key");
    Path serverPem = tlsDir.resolve("server.pem");
    Path serverKey = tlsDir.resolve("server.key");
    List<String> names = serverNames(hostNames);
    createPrivateDirectory(tlsDir);

    Optional<ServerKeyMaterial> existingCa = usable(caPem, caKey, now);
    if (existingCa.isPresent() && serverReusable(serverPem, serverKey, existingCa.get(), names, now)) {
      return new DevTlsFiles(caPem, serverPem, serverKey, false);
    }
    ServerKeyMaterial ca = existingCa.orElseGet(() -> createCa(caPem, caKey, now));
    KeyPair keys = KeyType.EC_P256.generate();
    Instant notBefore = now.minus(BACKDATE);
    Instant caEnd = ca.leaf().getNotAfter().toInstant();
    Instant notAfter = notBefore.plus(SERVER_VALIDITY).isAfter(caEnd) ? caEnd : notBefore.plus(SERVER_VALIDITY);
    X509Certificate server = CertificateBuilder.server(names.getFirst())
        .validity(notBefore, notAfter)
        .subjectAltNames(names)
        .issue(keys.getPublic(), ca.leaf(), ca.key());
    PemFiles.writePrivateKey(serverKey, keys.getPrivate());
    PemFiles.writeCertificates(serverPem, List.of(server));
    LOG.info("issued dev server certificate {} for {} valid until {}", serverPem, names, notAfter);
    return new DevTlsFiles(caPem, serverPem, serverKey, true);
  }

  private static List<String> serverNames(List<String> hostNames) {
    List<String> names = new ArrayList<>(List.of("localhost"));
    names.addAll(hostNames);
    names.addAll(List.of("127.0.0.1", "::1"));
    return SubjectAltNames.normalizeAll(names);
  }

  private static ServerKeyMaterial createCa(Path caPem, Path caKey, Instant now) {
    KeyPair keys = KeyType.EC_P256.generate();
    byte[] suffix = new byte[4];
    new SecureRandom().nextBytes(suffix);
    // A random suffix keeps CAs from different machines apart in a trust store.
    String name = "Sealpost Dev CA " + HexFormat.of().formatHex(suffix);
    Instant notBefore = now.minus(BACKDATE);
    X509Certificate ca = CertificateBuilder.authority(name)
        .validity(notBefore, notBefore.plus(CA_VALIDITY))
        .selfSigned(keys);
    PemFiles.writePrivateKey(caKey, keys.getPrivate());
    PemFiles.writeCertificates(caPem, List.of(ca));
    LOG.info("created dev certificate authority '{}' in {}; trust {} in your mail client", name, caPem, caPem);
    return new ServerKeyMaterial(keys.getPrivate(), List.of(ca));
  }

  /** Key material that loads, matches, and stays valid past the renewal margin. */
  private static Optional<ServerKeyMaterial> usable(Path certificate, Path key, Instant now) {
    if (!Files.exists(certificate) || !Files.exists(key)) {
      return Optional.empty();
    }
    try {
      ServerKeyMaterial m = PemKeyMaterialLoader.load(certificate, key);
      boolean sound = CertificateChecks.check(m, now).stream().noneMatch(f -> f.severity() == Severity.ERROR);
      if (sound && m.leaf().getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))) {
        return Optional.of(m);
      }
      LOG.info("replacing {}: it does not match its key or expires within {} days", certificate,
          RENEW_BEFORE.toDays());
    } catch (KeyMaterialException e) {
      LOG.warn("replacing unusable dev TLS file: {}", e.getMessage());
    }
    return Optional.empty();
  }

  private static boolean serverReusable(Path pem, Path key, ServerKeyMaterial ca, List<String> names, Instant now) {
    Optional<ServerKeyMaterial> server = usable(pem, key, now);
    if (server.isEmpty()) {
      return false;
    }
    try {
      server.get().leaf().verify(ca.leaf().getPublicKey());
    } catch (GeneralSecurityException e) {
      LOG.info("replacing {}: it was not issued by the current dev CA", pem);
      return false;
    }
    if (!SubjectAltNames.of(server.get().leaf()).containsAll(names)) {
      LOG.info("replacing {}: it does not cover all of {}", pem, names);
      return false;
    }
    return true;
  }

  private static void createPrivateDirectory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PemFiles.permissions(dir, "rwx------"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }
}
