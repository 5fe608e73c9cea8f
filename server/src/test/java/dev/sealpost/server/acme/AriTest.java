package dev.sealpost.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sealpost.server.config.AcmeConfig;
import dev.sealpost.server.config.TlsSettings;
import dev.sealpost.testing.MutableClock;
import dev.sealpost.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME Renewal Information (RFC 9773) against a stub CA, since Debian's Pebble 2.4 has no renewalInfo
 * endpoint: the certificate's identifier is asked for as §4.1 defines it, a suggested window earlier than
 * our own "third of the lifetime" moves the renewal into that window, and the renewal order says which
 * certificate it replaces (§5). The stub speaks just enough ACME for acme4j (directory, nonces, account)
 * and refuses the order itself, so the attempt ends as a failure that keeps the certificate in use.
 */
class AriTest {
  @TempDir Path dir;

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<String> orderPayloads = new CopyOnWriteArrayList<>();

  private HttpsServer stub(TestPki.Credential tlsCert, Instant windowStart, Instant windowEnd) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("stub", tlsCert.key(), new char[0], tlsCert.chain().toArray(X509Certificate[]::new));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, new char[0]);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), null, null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    String base = "https://localhost:" + server.getAddress().getPort();
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      exchange.getResponseHeaders().add("Replay-Nonce", "nonce" + System.nanoTime());
      exchange.getResponseHeaders().add("Cache-Control", "no-store");
      switch (path) {
        case "/dir" -> json(exchange, 200, """
            {"newNonce": "%1$s/nonce", "newAccount": "%1$s/account", "newOrder": "%1$s/order",
             "renewalInfo": "%1$s/ari"}""".formatted(base));
        case "/nonce" -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        }
        case "/account" -> {
          exchange.getResponseHeaders().add("Location", base + "/account/1");
          json(exchange, 200, "{\"status\": \"valid\", \"contact\": [], \"orders\": \"" + base + "/orders\"}");
        }
        case "/order" -> {
          orderPayloads.add(jwsPayload(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
          byte[] body = "{\"type\": \"urn:ietf:params:acme:error:serverInternal\", \"detail\": \"stub CA issues nothing\"}"
              .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(500, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        }
        default -> {
          if (path.startsWith("/ari/")) {
            exchange.getResponseHeaders().add("Retry-After", "21600");
            json(exchange, 200, "{\"suggestedWindow\": {\"start\": \"" + windowStart + "\", \"end\": \"" + windowEnd
                + "\"}}");
          } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
          }
        }
      }
    });
    server.start();
    return server;
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The decoded payload of a flattened JWS (RFC 7515 §7.2.2), as ACME requests carry it. */
  private static String jwsPayload(String jws) {
    String payload = jws.replaceAll("(?s).*\"payload\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    return new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
  }

  /** RFC 9773 §4.1: base64url(keyIdentifier of the AKI) "." base64url(DER bytes of the serial). */
  private static String certId(X509Certificate cert) throws IOException {
    byte[] aki = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(
        cert.getExtensionValue("2.5.29.35"))).getKeyIdentifier();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(aki) + "." + b64.encodeToString(cert.getSerialNumber().toByteArray());
  }

  @Test
  void anEarlierSuggestedWindowMovesTheRenewalAndTheOrderNamesTheCertificateItReplaces() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TestPki.Credential ca = TestPki.authority("ARI CA");
    TestPki.Credential current = TestPki.server(ca, List.of("mail.example.test"), dev.sealpost.tls.KeyType.EC_P256,
        now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(89)));
    Path tlsDir = Files.createDirectories(dir.resolve("tls"));
    TestPki.PemPaths files = current.write(tlsDir, "server");
    Files.setPosixFilePermissions(files.privateKey(), PosixFilePermissions.fromString("rw-------"));
    TlsSettings tls = new TlsSettings(files.certificateChain(), files.privateKey(), List.of("TLSv1.3"), false);

    TestPki.Credential stubCa = TestPki.authority("Stub ACME HTTPS CA");
    Path stubCaFile = stubCa.writeCertificate(dir.resolve("stub-ca.pem"));
    // The CA wants it renewed in 10 to 12 days (say, before a revocation), long before 60 days.
    Instant start = now.plus(Duration.ofDays(10));
    Instant end = now.plus(Duration.ofDays(12));
    HttpsServer server = stub(TestPki.server(stubCa, List.of("localhost")), start, end);
    try {
      AcmeConfig config = new AcmeConfig("https://localhost:" + server.getAddress().getPort() + "/dir",
          List.of("mail.example.test"), Optional.empty(), AcmeConfig.Challenge.HTTP_01,
          new InetSocketAddress("127.0.0.1", 0), new InetSocketAddress("127.0.0.1", 0), Optional.of(stubCaFile),
          false, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofHours(6));
      MutableClock clock = new MutableClock(now);
      try (AcmeCertificates acme = new AcmeCertificates(config, tls, dir.resolve("acme/account.key"),
          why -> "reloaded", clock, Http01Responder.start(config.httpListen()))) {
        assertThat(acme.checkNow()).startsWith("certificate valid until");
        Instant due = acme.status().renewAt().orElseThrow();
        assertThat(due).isBetween(start, end);
        assertThat(requests).contains("GET /ari/" + certId(current.certificate()));
        clock.set(start.plusSeconds(1));
        if (due.isAfter(clock.instant())) {
          assertThat(acme.checkNow()).as("the moment picked in the window is kept").startsWith("certificate valid");
          assertThat(acme.status().renewAt()).contains(due);
        }

        byte[] before = Files.readAllBytes(files.certificateChain());
        clock.set(due.plusSeconds(60));
        String outcome = acme.checkNow();
        assertThat(outcome).startsWith("renewal failed (").contains("stub CA issues nothing")
            .contains("the certificate in use stays");
        assertThat(orderPayloads).hasSize(1);
        assertThat(orderPayloads.getFirst()).contains("\"replaces\":\"" + certId(current.certificate()) + "\"")
            .contains("mail.example.test");
        assertThat(Files.readAllBytes(files.certificateChain())).isEqualTo(before);
      }
    } finally {
      server.stop(0);
    }
  }
}
