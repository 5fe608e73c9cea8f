package dev.sealpost.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the files of a private Postfix instance under {@code base}: {@code etc/} (main.cf, master.cf,
 * the certificate, Cyrus SASL's smtpd.conf and sasldb) and the Maildir base {@code mail/} and an
 * empty {@code queue/}. Postfix itself creates the queue's subdirectories and {@code data/} on start.
 */
final class PostfixConfig {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

  /** What the builder chose; ports are chosen per start attempt. */
  record Settings(TestPki.PemPaths certificate, String domain, String hostName, String userName,
      String password, boolean tls10, boolean authBeforeTls, String address, int smtpPort) {}

  record Ports(int smtp, int submission, int implicitTls) {}

  private PostfixConfig() {}

  /**
   * Ports free now on {@code address} ({@code smtp} when it is not 0, e.g. 25 for a test that needs the
   * real MX port); start() retries with new ones if another process binds one first.
   */
  static Ports freePorts(String address, int smtp) {
    try (ServerSocket a = bind(address, smtp); ServerSocket b = bind(address, 0); ServerSocket c = bind(address, 0)) {
      return new Ports(a.getLocalPort(), b.getLocalPort(), c.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports on " + address + (smtp == 0 ? "" : " (smtp " + smtp + ")"), e);
    }
  }

  private static ServerSocket bind(String address, int port) throws IOException {
    return new ServerSocket(port, 1, InetAddress.getByName(address));
  }

  static void write(Path base, Settings s, Ports ports) {
    try {
      Path etc = Files.createDirectories(base.resolve("etc"));
      Path mail = Files.createDirectories(base.resolve("mail"));
      // postfix chdirs into queue/ before creating its subdirectories (and data/, which must be postfix's).
      Files.createDirectories(base.resolve("queue"));
      // virtual(8) delivers as nobody; the Maildir base must be that user's to create sink/.
      UserPrincipalLookupService names = base.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView mailView = Files.getFileAttributeView(mail, PosixFileAttributeView.class);
      mailView.setOwner(names.lookupPrincipalByName("nobody"));
      mailView.setGroup(names.lookupPrincipalByGroupName("nogroup"));
      Map<String, String> values = Map.ofEntries(
          Map.entry("BASE", base.toString()),
          Map.entry("ADDRESS", s.address()),
          Map.entry("HOST_NAME", s.hostName()),
          Map.entry("DOMAIN", s.domain()),
          Map.entry("MAIL_UID", Files.getAttribute(mail, "unix:uid").toString()),
          Map.entry("MAIL_GID", Files.getAttribute(mail, "unix:gid").toString()),
          Map.entry("TLS_AUTH_ONLY", s.authBeforeTls() ? "no" : "yes"),
          Map.entry("TLS_PROTOCOLS", s.tls10() ? ">=TLSv1" : ">=TLSv1.2"),
          Map.entry("TLS_CIPHER_GRADE", s.tls10() ? "medium" : "high"),
          Map.entry("SUBMISSION_TLS_LEVEL", s.authBeforeTls() ? "may" : "encrypt"),
          Map.entry("SMTP_PORT", Integer.toString(ports.smtp())),
          Map.entry("SUBMISSION_PORT", Integer.toString(ports.submission())),
          Map.entry("IMPLICIT_TLS_PORT", Integer.toString(ports.implicitTls())));
      Files.writeString(etc.resolve("main.cf"), render("main.cf", values));
      Files.writeString(etc.resolve("master.cf"), render("master.cf", values));
      Files.createDirectories(etc.resolve("sasl"));
      Files.writeString(etc.resolve("sasl/smtpd.conf"), render("smtpd.conf", values));
      // smtpd_tls_chain_files: the key first, then the chain, in one root-only file.
      Path pem = etc.resolve("server.pem");
      Files.writeString(pem, Files.readString(s.certificate().privateKey())
          + Files.readString(s.certificate().certificateChain()));
      Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
      writeSasldb(etc.resolve("sasldb2"), s, names.lookupPrincipalByGroupName("postfix"));
      // Postfix re-reads a file modified within the last second, 300 ms at a time, in case it is still
      // being edited: that alone took ~1.8 s of every start. Our files are complete, so make them older.
      FileTime past = FileTime.from(Instant.now().minusSeconds(60));
      try (Stream<Path> files = Files.walk(etc)) {
        for (Path f : files.toList()) {
          Files.setLastModifiedTime(f, past);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Postfix configuration under " + base, e);
    }
  }

  /** saslpasswd2 takes the password on standard input (-p), so it never shows in the process list. */
  private static void writeSasldb(Path db, Settings s, GroupPrincipal postfix) throws IOException {
    int at = s.userName().lastIndexOf('@');
    String local = at < 0 ? s.userName() : s.userName().substring(0, at);
    String realm = at < 0 ? s.domain() : s.userName().substring(at + 1);
    ExternalCommand.Result r = ExternalCommand.run(
        List.of("saslpasswd2", "-p", "-c", "-f", db.toString(), "-u", realm, local), s.password(), Map.of(), 30);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("saslpasswd2 failed for user " + s.userName() + ": " + r.output());
    }
    // smtpd reads it after dropping privileges to the postfix user.
    Files.getFileAttributeView(db, PosixFileAttributeView.class).setGroup(postfix);
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));
  }

  static String render(String template, Map<String, String> values) {
    String name = "postfix/" + template;
    try (InputStream in = PostfixConfig.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      Matcher m = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String value = values.get(m.group(1));
        if (value == null) {
          throw new IllegalStateException("no value for {{" + m.group(1) + "}} in " + name);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      return m.appendTail(out).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
