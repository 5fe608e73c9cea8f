package dev.sealpost.testing;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTPS server on loopback serving {@code /.well-known/mta-sts.txt} (RFC 8461 §3.3) with the
 * test's certificate: the {@code mta-sts.DOMAIN} host of a test domain. Point that name at
 * 127.0.0.1 in a {@link FakeDnsServer} and give the fetcher {@link #port()}. The answer is set per
 * test (404 until one is set); requests are counted.
 */
public final class MtaStsPolicyHost implements AutoCloseable {

  public static final String PATH = "/.well-known/mta-sts.txt";

  /** One answer: status, Content-Type (null: none), body, chunked or not, Location (null: none). */
  public record Answer(int status, String contentType, byte[] body, boolean chunked, String location) {

    /** 200 with a text/plain policy. */
    public static Answer policy(String text) {
      return new Answer(200, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), false, null);
    }

    /** {@code status} with a short text/plain body. */
    public static Answer status(int status, String body) {
      return new Answer(status, "text/plain", body.getBytes(StandardCharsets.UTF_8), false, null);
    }
  }

  private final HttpsServer https;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Answer answer = Answer.status(404, "no policy yet");

  private MtaStsPolicyHost(TestPki.Credential credential) {
    try {
      https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    https.setHttpsConfigurator(new HttpsConfigurator(Trust.serving(credential)));
    https.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    https.createContext(PATH, exchange -> {
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
  }

  /** Starts a host presenting {@code credential} (e.g. {@code TestPki.server(ca, List.of("mta-sts.example.test"))}). */
  public static MtaStsPolicyHost start(TestPki.Credential credential) {
    return new MtaStsPolicyHost(credential);
  }

  public MtaStsPolicyHost answer(Answer answer) {
    this.answer = answer;
    return this;
  }

  public MtaStsPolicyHost policy(String text) {
    return answer(Answer.policy(text));
  }

  public int port() {
    return https.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    https.stop(0);
  }
}
