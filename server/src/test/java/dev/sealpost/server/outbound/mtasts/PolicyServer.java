package dev.sealpost.server.outbound.mtasts;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.sealpost.dns.DnsServer;
import dev.sealpost.dns.DnsjavaResolver;
import dev.sealpost.testing.FakeDnsServer;
import dev.sealpost.testing.TestPki;
import dev.sealpost.testing.Trust;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS server on loopback serving {@code /.well-known/mta-sts.txt} with a TestPki certificate,
 * and a FakeDnsServer pointing {@code mta-sts.example.test} at it: what a policy host looks like.
 * The answer is set per test; requests are counted.
 */
final class PolicyServer implements AutoCloseable {

  static final String DOMAIN = "example.test";
  static final String HOST = "mta-sts." + DOMAIN;
  static final String POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx1.example.test\r\nmx: *.mx.example.test\r\n"
      + "max_age: 86400\r\n";

  /** One answer: status, Content-Type (null: none), body, and extra header lines. */
  record Answer(int status, String contentType, byte[] body, boolean chunked, String location) {
    static Answer policy(String text) {
      return new Answer(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), false, null);
    }
  }

  final TestPki.Credential ca = TestPki.authority("Policy Test CA");
  final FakeDnsServer dns = FakeDnsServer.start();
  final DnsjavaResolver resolver = DnsjavaResolver.builder().servers(DnsServer.parse(dns.address()))
      .timeout(Duration.ofMillis(500)).retries(0).cacheSize(0).build();
  private final HttpsServer https;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Answer answer = Answer.policy(POLICY);

  PolicyServer() {
    this(List.of(HOST));
  }

  /** A server whose certificate names {@code certificateNames}. */
  PolicyServer(List<String> certificateNames) {
    try {
      https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    https.setHttpsConfigurator(new HttpsConfigurator(Trust.serving(TestPki.server(ca, certificateNames))));
    https.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    https.createContext(HttpsPolicyFetcher.PATH, exchange -> {
      requests.incrementAndGet();
      Answer a = answer;
      if (a.contentType() != null) {
        exchange.getResponseHeaders().add("Content-Type", a.contentType());
      }
      if (a.location() != null) {
        exchange.getResponseHeaders().add("Location", a.location());
      }
      exchange.sendResponseHeaders(a.status(), a.chunked() ? 0 : a.body().length == 0 ? -1 : a.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(a.body());
      }
    });
    https.start();
    dns.a(HOST, "127.0.0.1");
  }

  PolicyServer answer(Answer answer) {
    this.answer = answer;
    return this;
  }

  PolicyServer policy(String text) {
    return answer(Answer.policy(text));
  }

  /** Publishes {@code _mta-sts.example.test TXT "v=STSv1; id=ID;"}, replacing an earlier one. */
  PolicyServer txtId(String id) {
    dns.remove(StsRecord.ownerName(DOMAIN)).txt(StsRecord.ownerName(DOMAIN), "v=STSv1; id=" + id + ";");
    return this;
  }

  int port() {
    return https.getAddress().getPort();
  }

  int requests() {
    return requests.get();
  }

  /** A fetcher trusting this server's CA and connecting to its port. */
  HttpsPolicyFetcher.Builder fetcher() {
    return HttpsPolicyFetcher.builder(resolver).trustAnchors(List.of(ca.certificate())).port(port());
  }

  @Override
  public void close() {
    https.stop(0);
    dns.close();
  }
}
