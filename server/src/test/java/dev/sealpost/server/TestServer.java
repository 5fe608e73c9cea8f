package dev.sealpost.server;

import dev.sealpost.server.auth.UsersFile;
import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.server.config.ServerConfig;
import dev.sealpost.testing.SmtpConversation;
import dev.sealpost.tls.DevCertificateAuthority;
import dev.sealpost.tls.DevTlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Sealpost server on free loopback ports with the dev CA, for integration tests. Users:
 * demo@example.test and other@example.test, passwords {@link #PASSWORD} and {@link #OTHER_PASSWORD}.
 */
public final class TestServer implements AutoCloseable {

  public static final String USER = "demo@example.test";
  public static final String PASSWORD = "correct horse battery";
  public static final String OTHER = "other@example.test";
  public static final String OTHER_PASSWORD = "another secret pw";

  /**
   * Unless a test configures outbound delivery itself, lookups go to a port where nothing answers: the
   * DNS failure is temporary, so remote mail stays queued in outbound/ where queue tests look for it,
   * and no test depends on the machine's own resolver.
   */
  private static final String NO_OUTBOUND_DNS = "\n[outbound]\ndns = [\"127.0.0.1:9\"]\n";

  private final Path dir;
  private final DevTlsFiles tls;
  private final SealpostServer server;
  private final ServerConfig config;

  private TestServer(Path dir, String extraToml) {
    this(dir, List.of("example.test", "second.test"), extraToml);
  }

  private TestServer(Path dir, List<String> domains, String extraToml) {
    this.dir = dir;
    try {
      tls = DevCertificateAuthority.ensure(dir.resolve("tls"), List.of("localhost"), Instant.now());
      if (!Files.exists(dir.resolve("users"))) { // a restart reuses the data directory as it is
        UsersFile users = UsersFile.createEmpty(dir.resolve("users"));
        users.add(USER, PASSWORD.toCharArray());
        users.add(OTHER, OTHER_PASSWORD.toCharArray());
        users.save();
      }
      Path configFile = dir.resolve("sealpost.toml");
      Files.writeString(configFile, """
          hostname = "mx.example.test"
          domains = [%s]
          postmaster = "demo@example.test"
          shutdown-grace-seconds = 5
          %s
          [[listeners]]
          kind = "submissions"
          address = "127.0.0.1:0"
          [[listeners]]
          kind = "submission"
          address = "127.0.0.1:0"
          [[listeners]]
          kind = "smtp"
          address = "127.0.0.1:0"
          """.formatted(String.join(", ", domains.stream().map(d -> '"' + d + '"').toList()),
          extraToml.contains("[outbound") ? extraToml : extraToml + NO_OUTBOUND_DNS));
      config = ConfigLoader.load(configFile);
      server = SealpostServer.start(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TestServer start(Path dir) {
    return new TestServer(dir, "");
  }

  /**
   * Serving {@code domains} instead of example.test and second.test: a sender whose users' domain
   * (example.test) is remote, for outbound tests against a second instance.
   */
  public static TestServer start(Path dir, List<String> domains, String extraToml) {
    return new TestServer(dir, domains, extraToml);
  }

  /** With extra top-level TOML keys or tables, placed before the listeners. */
  public static TestServer start(Path dir, String extraToml) {
    return new TestServer(dir, extraToml);
  }

  public InetSocketAddress submissions() {
    return server.address("submissions");
  }

  public InetSocketAddress submission() {
    return server.address("submission");
  }

  public InetSocketAddress smtp() {
    return server.address("smtp");
  }

  public Path caFile() {
    return tls.caCertificate();
  }

  public X509Certificate ca() {
    return dev.sealpost.testing.Trust.readPem(tls.caCertificate());
  }

  public Path dataDir() {
    return dir;
  }

  public ServerConfig config() {
    return config;
  }

  public SealpostServer server() {
    return server;
  }

  /** Files delivered to {@code user}'s Maildir/new. */
  public List<Path> delivered(String user) {
    String local = user.substring(0, user.indexOf('@'));
    String domain = user.substring(user.indexOf('@') + 1);
    Path newDir = dir.resolve("mail").resolve(domain).resolve(local).resolve("Maildir").resolve("new");
    if (!Files.isDirectory(newDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(newDir)) {
      // Oldest first by modification time: Maildir names do not sort by time (M<micros> is not padded).
      return s.sorted(java.util.Comparator.comparing(TestServer::modified).thenComparing(Path::toString)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Files waiting in the outbound queue. */
  public List<Path> outbound() {
    try (Stream<Path> s = Files.list(dir.resolve("spool").resolve("outbound"))) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An authenticated implicit-TLS session, greeted with EHLO. */
  public SmtpConversation authenticatedSubmission() {
    return authenticate(SmtpConversation.implicitTls(submissions(), ca()));
  }

  /** The same, trusting {@code ca} (a certificate from elsewhere than the dev CA, e.g. ACME's) for {@code host}. */
  public SmtpConversation authenticatedSubmission(X509Certificate ca, String host) {
    InetSocketAddress to;
    try {
      to = new InetSocketAddress(java.net.InetAddress.getByAddress(host, submissions().getAddress().getAddress()),
          submissions().getPort());
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return authenticate(SmtpConversation.implicitTls(to, ca));
  }

  private static SmtpConversation authenticate(SmtpConversation c) {
    c.read();
    c.command("EHLO client.test");
    String plain = java.util.Base64.getEncoder().encodeToString(
        ("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    SmtpConversation.Reply r = c.command("AUTH PLAIN " + plain);
    if (r.code() != 235) {
      throw new IllegalStateException("AUTH failed: " + r);
    }
    return c;
  }

  @Override
  public void close() {
    server.stop();
  }
}
