package dev.sealpost.server.acme;

import dev.sealpost.tls.PemFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The files ACME owns: the account key (DATA/acme/account.key, mode 600, in a 700 directory) and the
 * issued certificate and key, written where {@code [tls]} reads them. Writes go to a temporary file,
 * are fsynced and renamed into place, the key before the certificate, so that a reader sees either the
 * old pair, or the new key with the old certificate (refused as a mismatch, the old pair kept), or the
 * new pair; the pair they replace is kept as *.previous to put back when the new one is refused.
 */
final class AcmeFiles {
  private AcmeFiles() {}

  /** The account key, made (ECDSA P-256) on first use. */
  static KeyPair accountKey(Path file) {
    try {
      if (Files.exists(file)) {
        return KeyPairUtils.readKeyPair(new StringReader(Files.readString(file)));
      }
      Files.createDirectories(file.getParent());
      setMode(file.getParent(), "rwx------");
      KeyPair keys = KeyPairUtils.createECKeyPair("secp256r1");
      StringWriter pem = new StringWriter();
      KeyPairUtils.writeKeyPair(keys, pem);
      writeSecret(file, pem.toString().getBytes(StandardCharsets.US_ASCII));
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException("ACME account key " + file + ": " + e.getMessage(), e);
    }
  }

  /** Puts a new pair in place, keeping the current one as *.previous. */
  static void install(AcmeIssuer.Issued issued, Path certificate, Path key) throws IOException {
    Files.createDirectories(certificate.getParent());
    Files.createDirectories(key.getParent());
    backup(certificate);
    backup(key);
    Path keyTmp = key.resolveSibling(key.getFileName() + ".new");
    PemFiles.writePrivateKey(keyTmp, issued.key().getPrivate());
    setMode(keyTmp, "rw-------");
    fsync(keyTmp);
    Path certTmp = certificate.resolveSibling(certificate.getFileName() + ".new");
    PemFiles.writeCertificates(certTmp, issued.chain());
    fsync(certTmp);
    Files.move(keyTmp, key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Files.move(certTmp, certificate, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    fsync(certificate.getParent());
  }

  /** Puts the pair that {@link #install} replaced back; false when there was none. */
  static boolean restore(Path certificate, Path key) throws IOException {
    Path oldCert = previous(certificate);
    Path oldKey = previous(key);
    if (!Files.exists(oldCert) || !Files.exists(oldKey)) {
      return false;
    }
    Files.copy(oldKey, key, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(oldCert, certificate, StandardCopyOption.REPLACE_EXISTING);
    fsync(key);
    fsync(certificate);
    return true;
  }

  static Path previous(Path file) {
    return file.resolveSibling(file.getFileName() + ".previous");
  }

  private static void backup(Path file) throws IOException {
    if (Files.exists(file)) {
      Files.copy(file, previous(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  private static void writeSecret(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
    fsync(tmp);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void setMode(Path p, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException notPosix) {
      // not a POSIX file system: nothing to set
    }
  }

  private static void fsync(Path p) throws IOException {
    try (FileChannel c = FileChannel.open(p, Files.isDirectory(p) ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      c.force(true);
    }
  }
}
