package dev.sealpost.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Writes certificates and keys as PEM. Each file is written to a temporary sibling and moved into place,
 * so readers never see half a file; key files are created with mode 600 from the first byte on.
 */
public final class PemFiles {

  private static final String KEY_MODE = "rw-------";
  private static final String CERTIFICATE_MODE = "rw-r--r--";

  private PemFiles() {}

  /** Certificates in the given order (leaf first for a chain), readable by everyone. */
  public static void writeCertificates(Path file, List<X509Certificate> certificates) {
    write(file, pem(certificates.toArray()), CERTIFICATE_MODE);
  }

  /** An unencrypted PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}), mode 600. */
  public static void writePrivateKey(Path file, PrivateKey key) {
    try {
      write(file, pem(new JcaPKCS8Generator(key, null)), KEY_MODE);
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalArgumentException("cannot encode " + key.getAlgorithm() + " key as PKCS#8", e);
    }
  }

  /**
   * A key in OpenSSL's traditional format, mode 600: PKCS#1 ({@code RSA PRIVATE KEY}) for RSA keys and SEC1
   * ({@code EC PRIVATE KEY}) for EC keys. Older tools still write these.
   */
  public static void writeTraditionalPrivateKey(Path file, PrivateKey key) {
    boolean ec = key instanceof java.security.interfaces.ECKey; // "EC", or "ECDSA" from BouncyCastle
    if (!(key instanceof java.security.interfaces.RSAKey) && !ec) {
      throw new IllegalArgumentException("no traditional PEM format for " + key.getAlgorithm() + " keys");
    }
    write(file, ec ? pem(sec1(key)) : pem(key), KEY_MODE);
  }

  /**
   * SEC1 with the curve and public key inside, as {@code openssl ec} writes it. (JcaPEMWriter would copy
   * the PKCS#8 inner structure, which leaves the curve out and is unreadable on its own.)
   */
  private static PemObject sec1(PrivateKey key) {
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
      var params = (ECPrivateKeyParameters) PrivateKeyFactory.createKey(info);
      ECPoint q = params.getParameters().getG().multiply(params.getD()).normalize();
      var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(params.getParameters().getN().bitLength(),
          params.getD(), new DERBitString(q.getEncoded(false)), info.getPrivateKeyAlgorithm().getParameters());
      return new PemObject("EC PRIVATE KEY", sec1.getEncoded());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode EC key as SEC1: " + e.getMessage(), e);
    }
  }

  private static String pem(Object... objects) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(Path file, String content, String mode) {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = dir.resolve("." + file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temp);
      Files.createFile(temp, permissions(dir, mode));
      Files.writeString(temp, content, StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("another process is writing " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort; the next write removes it
      }
    }
  }

  /** POSIX permissions at creation where the file system has them (not on Windows). */
  static FileAttribute<?>[] permissions(Path dir, String mode) {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }
    return new FileAttribute<?>[0];
  }
}
