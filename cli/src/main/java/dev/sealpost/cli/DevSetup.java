package dev.sealpost.cli;

import dev.sealpost.server.auth.UsersFile;
import dev.sealpost.tls.DevCertificateAuthority;
import dev.sealpost.tls.DevTlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * Prepares a data directory for dev mode: a local CA and a localhost certificate, a configuration for
 * example.test, the demo user with a random password and {@code demo.env}. What exists is reused.
 */
final class DevSetup {

  static final String DOMAIN = "example.test";
  static final String DEMO_USER = "demo@" + DOMAIN;
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  record Result(Path dataDir, Path config, DevTlsFiles tls, Path demoEnv, boolean createdUser) {}

  private DevSetup() {}

  static Result prepare(Path dataDir) {
    try {
      Path dir = dataDir.toAbsolutePath().normalize();
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      DevTlsFiles tls = DevCertificateAuthority.ensure(dir.resolve("tls"), List.of("localhost"), Instant.now());
      Path config = dir.resolve("sealpost.toml");
      if (!Files.exists(config)) {
        Files.writeString(config, DevConfig.text(), StandardCharsets.UTF_8);
      }
      Path users = dir.resolve("users");
      Path env = dir.resolve("demo.env");
      boolean created = false;
      UsersFile file = Files.exists(users) ? UsersFile.load(users) : UsersFile.createEmpty(users);
      if (!file.contains(DEMO_USER) || !Files.exists(env)) {
        char[] password = randomPassword();
        if (file.contains(DEMO_USER)) {
          file.setPassword(DEMO_USER, password);
        } else {
          file.add(DEMO_USER, password);
        }
        file.save();
        writePrivate(env, "SEALPOST_USER=" + DEMO_USER + "\nSEALPOST_PASSWORD=" + new String(password)
            + "\nSEALPOST_CA=" + tls.caCertificate() + "\n");
        created = true;
      }
      ensureDkimKey(dir);
      return new Result(dir, config, tls, env, created);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare dev data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** The dev DKIM key of example.test, selector dev, relative to the data directory. */
  static final String DKIM_KEY = "dkim/dev.example.test.pem";
  static final String DKIM_RECORD = "dns/dev._domainkey.example.test.txt";

  /**
   * Dev mode signs mail from example.test: an RSA-2048 key (what every receiver accepts) made on first
   * run, and the TXT record value to publish, in dns/, rewritten from the key at each start.
   */
  private static void ensureDkimKey(Path dir) throws IOException {
    Path key = dir.resolve(DKIM_KEY);
    Files.createDirectories(key.getParent());
    Files.createDirectories(dir.resolve(DKIM_RECORD).getParent());
    try {
      java.security.PublicKey publicKey;
      if (!Files.exists(key)) {
        var pair = dev.sealpost.mailauth.dkim.DkimKeys.generate(dev.sealpost.mailauth.dkim.Algorithm.RSA_SHA256, 2048);
        dev.sealpost.mailauth.dkim.DkimKeys.writePrivateKey(pair.getPrivate(), key);
        publicKey = pair.getPublic();
      } else {
        publicKey = dev.sealpost.mailauth.dkim.DkimKeys.rsaPublicKeyOf(
            dev.sealpost.mailauth.dkim.DkimKeys.readPrivateKey(key));
      }
      Files.writeString(dir.resolve(DKIM_RECORD), dev.sealpost.mailauth.dkim.DkimKeys.dnsRecord(
          dev.sealpost.mailauth.dkim.Algorithm.RSA_SHA256, publicKey) + "\n", StandardCharsets.US_ASCII);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("the dev DKIM key " + key + " is unusable: " + e.getMessage(), e);
    }
  }

  static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] p = new char[24];
    for (int i = 0; i < p.length; i++) {
      p[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    return p;
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
