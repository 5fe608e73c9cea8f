package dev.sealpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Pebble, Let's Encrypt's ACME test server (Debian package {@code pebble}), run privately on loopback:
 * its HTTPS directory at {@link #directory()} with a certificate from a test CA ({@link #httpsCa()}),
 * names resolved through a {@link FakeDnsServer}, HTTP-01 validation on {@code httpPort} and
 * TLS-ALPN-01 on {@code tlsPort} of the address that DNS gives. No artificial sleeps, no rejected nonces.
 *
 * <pre>{@code
 * PebbleServer.assumeAvailable();
 * try (FakeDnsServer dns = FakeDnsServer.start().a("mail.example.test", "127.0.0.1");
 *      PebbleServer pebble = PebbleServer.start(dir, dns, httpPort, tlsPort)) {
 *   ... an ACME client against pebble.directory(), trusting pebble.httpsCa() ...
 *   String issuingRoot = pebble.rootCertificate(); // what the issued chains lead to
 * }
 * }</pre>
 */
public final class PebbleServer implements AutoCloseable {
  static final String PEBBLE = "/usr/bin/pebble";

  private final Process process;
  private final int port;
  private final int managementPort;
  private final Path httpsCa;
  private final Path log;

  private PebbleServer(Process process, int port, int managementPort, Path httpsCa, Path log) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.httpsCa = httpsCa;
    this.log = log;
  }

  public static Optional<String> unavailableReason() {
    return Files.isExecutable(Path.of(PEBBLE)) ? Optional.empty()
        : Optional.of(PEBBLE + " is missing (Debian package pebble)");
  }

  /** Skips the calling test when Pebble is missing; fails it instead under CI, which installs it. */
  public static void assumeAvailable() {
    Optional<String> reason = unavailableReason();
    if (reason.isPresent() && "true".equals(System.getenv("CI"))) {
      Assertions.fail("CI must be able to run Pebble: " + reason.get());
    }
    Assumptions.assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElseThrow());
  }

  /**
   * Starts Pebble with its files under {@code dir}.
   *
   * @param validity lifetime of the certificates it issues
   */
  public static PebbleServer start(Path dir, FakeDnsServer dns, int httpPort, int tlsPort, Duration validity) {
    try {
      Files.createDirectories(dir);
      TestPki.Credential ca = TestPki.authority("Pebble HTTPS test CA");
      TestPki.PemPaths https = TestPki.server(ca, List.of("localhost", "127.0.0.1")).write(dir, "pebble-https");
      Path caFile = ca.writeCertificate(dir.resolve("pebble-https-ca.pem"));
      int port = FreePorts.one();
      int management = FreePorts.one();
      Path config = dir.resolve("pebble-config.json");
      Files.writeString(config, """
          {"pebble": {
            "listenAddress": "127.0.0.1:%d",
            "managementListenAddress": "127.0.0.1:%d",
            "certificate": "%s",
            "privateKey": "%s",
            "httpPort": %d,
            "tlsPort": %d,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false,
            "certificateValidityPeriod": %d
          }}
          """.formatted(port, management, https.certificateChain(), https.privateKey(), httpPort, tlsPort,
          validity.toSeconds()));
      Path log = dir.resolve("pebble.log");
      ProcessBuilder pb = new ProcessBuilder(PEBBLE, "-config", config.toString(), "-dnsserver", dns.address())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
      pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
      pb.environment().put("PEBBLE_AUTHZREUSE", "0"); // every order proves control again
      PebbleServer server = new PebbleServer(pb.start(), port, management, caFile, log);
      server.awaitListening();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("pebble exited: " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        try (Socket m = new Socket()) {
          m.connect(new InetSocketAddress("127.0.0.1", managementPort), 200);
          return;
        }
      } catch (IOException notYet) {
        sleep();
      }
    }
    throw new IllegalStateException("pebble did not listen within 20 s: " + Files.readString(log));
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The ACME directory URL. */
  public String directory() {
    return "https://localhost:" + port + "/dir";
  }

  /** The CA of Pebble's own HTTPS certificate (PEM), which an ACME client must trust to talk to it. */
  public Path httpsCa() {
    return httpsCa;
  }

  /** The root of the chains Pebble issues (PEM; new on each start), from its management interface. */
  public String rootCertificate() {
    return management("/roots/0");
  }

  /** What Pebble logged so far (validation attempts and their errors). */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String management(String path) {
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (var in = Files.newInputStream(httpsCa)) {
        trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).build()) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
            URI.create("https://localhost:" + managementPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException("pebble management " + path + ": HTTP " + r.statusCode());
        }
        return r.body();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
