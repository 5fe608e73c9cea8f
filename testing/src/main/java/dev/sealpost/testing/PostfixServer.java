package dev.sealpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Postfix instance (Debian's package) on loopback, for testing Sealpost's client and auditor
 * against a mail server we did not write. Everything lives under a fresh temporary directory (config,
 * queue, data, sasldb, Maildir, log); ports are chosen free. Needs root and the packages that
 * {@code .ci/run} installs (postfix, sasl2-bin, libsasl2-modules).
 *
 * <pre>{@code
 * PostfixServer.assumeAvailable();
 * try (PostfixServer postfix = PostfixServer.builder()
 *     .profile(PostfixServer.Profile.WEAK)          // or .tls10() / .authBeforeTls() one by one
 *     .certificate(expired.write(dir, "server"))    // TestPki.PemPaths
 *     .user("alice@example.test", "secret")
 *     .start()) {
 *   probe("127.0.0.1", postfix.implicitTlsPort());
 *   List<Path> mail = postfix.awaitMessages(1, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Listeners: {@link #smtpPort()} (STARTTLS offered, no AUTH, mail for the domain only),
 * {@link #submissionPort()} (STARTTLS; required unless {@code authBeforeTls}) and
 * {@link #implicitTlsPort()} (TLS from the first byte). Relaying needs AUTH on every port. Accepted mail,
 * for the domain or relayed, is delivered to one Maildir, {@link #maildir()}.
 */
public final class PostfixServer implements AutoCloseable {

  /** GOOD: TLS 1.2+, forward-secret AEAD ciphers, AUTH only inside TLS. WEAK: TLS 1.0 and AUTH before TLS. */
  public enum Profile { GOOD, WEAK }

  static final String POSTFIX = "/usr/sbin/postfix";
  private static final Pattern ADDRESS_IN_USE = Pattern.compile("bind 127\\.0\\.0\\.1 port \\d+: Address already in use");

  private final Path base;
  private final PostfixConfig.Ports ports;
  private final long masterPid;
  private final String address;
  private Duration startTime = Duration.ZERO;
  private final Thread shutdownHook = new Thread(this::stop, "postfix-stop");
  private boolean closed;

  private PostfixServer(Path base, PostfixConfig.Ports ports, long masterPid, String address) {
    this.address = address;
    this.base = base;
    this.ports = ports;
    this.masterPid = masterPid;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Why this machine cannot run the fixture, or empty when it can. */
  public static Optional<String> unavailableReason() {
    if (!Files.isExecutable(Path.of(POSTFIX)) || !ExternalCommand.available("saslpasswd2")) {
      return Optional.of("Postfix or sasl2-bin is not installed (.ci/run installs postfix, sasl2-bin, libsasl2-modules)");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("a private Postfix instance must be started as root, not " + System.getProperty("user.name"));
    }
    return Optional.empty();
  }

  public static boolean available() {
    return unavailableReason().isEmpty();
  }

  /** Skips the calling test when Postfix cannot run here; fails it instead under CI, which installs it. */
  public static void assumeAvailable() {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent() && "true".equals(System.getenv("CI"))) {
      Assertions.fail("CI must be able to run Postfix: " + reason.get());
    }
    Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
  }

  public String host() {
    return address;
  }

  public int smtpPort() {
    return ports.smtp();
  }

  public int submissionPort() {
    return ports.submission();
  }

  public int implicitTlsPort() {
    return ports.implicitTls();
  }

  /** The instance's temporary directory (etc/, queue/, data/, mail/, maillog); deleted by close(). */
  public Path directory() {
    return base;
  }

  /** The Maildir every accepted message is delivered to. */
  public Path maildir() {
    return base.resolve("mail/sink");
  }

  /** From {@code postfix start} to all three listeners answering, for the record (never assert on it). */
  public Duration startTime() {
    return startTime;
  }

  public long masterPid() {
    return masterPid;
  }

  /** Postfix's log so far (maillog_file). */
  public String log() {
    return PostfixFiles.readLog(base);
  }

  /** Delivered message files (new/ and cur/), oldest first. */
  public List<Path> deliveredMessages() {
    List<Path> files = new ArrayList<>();
    for (String sub : List.of("new", "cur")) {
      Path dir = maildir().resolve(sub);
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    files.sort(Comparator.comparing((Path p) -> p.toFile().lastModified()).thenComparing(Path::toString));
    return files;
  }

  /** Waits until at least {@code count} messages are delivered; fails with the log when they are not. */
  public List<Path> awaitMessages(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Path> files = deliveredMessages();
    while (files.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("expected " + count + " delivered messages in " + maildir() + " within "
            + timeout + ", found " + files.size() + "; Postfix log:\n" + PostfixFiles.tail(log()));
      }
      sleep(50);
      files = deliveredMessages();
    }
    return files;
  }

  /** Waits for a message whose {@code Delivered-To:} header (added by virtual(8)) names {@code recipient}. */
  public Path awaitDeliveryTo(String recipient, Duration timeout) {
    String header = "\nDelivered-To: " + recipient + "\n";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Path file : deliveredMessages()) {
        try {
          if (Files.readString(file).contains(header)) {
            return file;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no message delivered to " + recipient + " in " + maildir() + " within "
            + timeout + "; Postfix log:\n" + PostfixFiles.tail(log()));
      }
      sleep(50);
    }
  }

  /** Stops Postfix and waits until every one of its processes is gone, then deletes the directory. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing to remove
    }
    PostfixFiles.deleteTree(base);
  }

  private synchronized void stop() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> processes = new ArrayList<>();
    ProcessHandle.of(masterPid).ifPresent(master -> {
      processes.add(master);
      master.descendants().forEach(processes::add);
    });
    // postfix stop signals master, which stops its children; it waits up to 5 s, then kills the group.
    ExternalCommand.run(List.of(POSTFIX, "-c", base.resolve("etc").toString(), "stop"), "", Map.of(), 30);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (processes.stream().anyMatch(PostfixServer::running) && System.nanoTime() < deadline) {
      sleep(20);
    }
    processes.stream().filter(PostfixServer::running).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Alive and not a zombie. Master's children are orphaned when it exits, and an init that reaps
   * lazily (as in some containers) leaves them as zombies for a while: they hold no port or file.
   */
  static boolean running(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return !stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
    } catch (IOException e) {
      return false; // gone between the two checks
    }
  }

  static PostfixServer start(PostfixConfig.Settings settings) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path base = PostfixFiles.createBase();
      PostfixConfig.Ports ports = PostfixConfig.freePorts(settings.address(), settings.smtpPort());
      PostfixConfig.write(base, settings, ports);
      long started = System.nanoTime();
      ExternalCommand.Result r = ExternalCommand.run(
          List.of(POSTFIX, "-c", base.resolve("etc").toString(), "start"), "", Map.of(), 60);
      if (r.exitCode() == 0) {
        PostfixServer server = new PostfixServer(base, ports, PostfixFiles.readMasterPid(base), settings.address());
        try {
          PostfixReadiness.await(server, Duration.ofSeconds(20));
          server.startTime = Duration.ofNanos(System.nanoTime() - started);
          return server;
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
      }
      String log = PostfixFiles.readLog(base);
      last = new IllegalStateException("postfix start failed (exit " + r.exitCode() + ") in " + base + ": "
          + r.output() + configWarnings(base) + "\nPostfix log:\n" + PostfixFiles.tail(log));
      PostfixFiles.deleteTree(base);
      if (!ADDRESS_IN_USE.matcher(log).find()) {
        break; // another process took a port between our check and Postfix's bind: try new ports
      }
    }
    throw last;
  }

  /** postconf reports unknown or malformed settings on stderr, which {@code postfix start} sends only to syslog. */
  private static String configWarnings(Path base) {
    ExternalCommand.Result r = ExternalCommand.run(
        List.of("/usr/sbin/postconf", "-c", base.resolve("etc").toString(), "-n"), "", Map.of(), 30);
    return r.stderr().isBlank() ? "" : "\npostconf: " + r.stderr().strip();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Options; {@link #certificate} and {@link #user} are required. Starts from the GOOD profile. */
  public static final class Builder {
    private TestPki.PemPaths certificate;
    private String domain = "example.test";
    private String hostName = "localhost";
    private String userName;
    private String password;
    private boolean tls10;
    private boolean authBeforeTls;
    private String address = "127.0.0.1";
    private int smtpPort;

    private Builder() {}

    /**
     * Listen on {@code address} (another loopback address such as 127.0.0.2, so that several receivers
     * can each have port 25) with the MX listener on {@code smtpPort} (0: any free port).
     */
    public Builder listen(String address, int smtpPort) {
      this.address = checked("address", address);
      this.smtpPort = smtpPort;
      return this;
    }

    /** GOOD turns every weakness off, WEAK turns them all on; the certificate stays the test's choice. */
    public Builder profile(Profile profile) {
      tls10 = profile == Profile.WEAK;
      authBeforeTls = profile == Profile.WEAK;
      return this;
    }

    /** Accept TLS 1.0 and 1.1 (and OpenSSL security level 0 ciphers) on every listener. */
    public Builder tls10() {
      tls10 = true;
      return this;
    }

    /** Advertise and accept AUTH in plaintext, and make STARTTLS optional, on the submission port. */
    public Builder authBeforeTls() {
      authBeforeTls = true;
      return this;
    }

    /** The served key and chain (leaf first), e.g. from {@link TestPki.Credential#write}. */
    public Builder certificate(TestPki.PemPaths files) {
      certificate = files;
      return this;
    }

    /** The one SASL user (PLAIN and LOGIN); a name without {@code @} is in the domain's realm. */
    public Builder user(String name, String password) {
      this.userName = checked("user", name);
      this.password = checked("password", password);
      return this;
    }

    /** The domain mail is accepted for without AUTH; default {@code example.test}. */
    public Builder domain(String domain) {
      this.domain = checked("domain", domain);
      return this;
    }

    /** myhostname, shown in the greeting; default {@code localhost}. */
    public Builder hostName(String hostName) {
      this.hostName = checked("host name", hostName);
      return this;
    }

    public PostfixServer start() {
      if (certificate == null || userName == null) {
        throw new IllegalStateException("PostfixServer needs certificate(...) and user(...)");
      }
      return PostfixServer.start(new PostfixConfig.Settings(certificate, domain, hostName, userName, password,
          tls10, authBeforeTls, address, smtpPort));
    }

    /** Values go into main.cf and saslpasswd2's input: no spaces or line breaks. */
    private static String checked(String what, String value) {
      if (value.isEmpty() || !value.chars().allMatch(c -> c > ' ' && c < 127)) {
        throw new IllegalArgumentException(what + " must be printable ASCII without spaces: '" + value + "'");
      }
      return value;
    }
  }
}
