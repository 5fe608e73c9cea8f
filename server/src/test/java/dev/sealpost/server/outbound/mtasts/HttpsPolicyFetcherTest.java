package dev.sealpost.server.outbound.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.MtaStsPolicyHost;
import dev.sealpost.testing.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpsPolicyFetcherTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  private PolicyServer server(List<String> certificateNames) {
    PolicyServer server = new PolicyServer(certificateNames);
    resources.add(server);
    return server;
  }

  private PolicyServer server() {
    return server(List.of(PolicyServer.HOST));
  }

  static PolicyFetcher.Result fetch(PolicyFetcher fetcher, String domain) {
    try {
      return fetcher.fetch(domain).toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("fetch did not complete normally", e);
    }
  }

  private static FetchFailure failure(PolicyFetcher.Result result) {
    assertThat(result).isInstanceOf(PolicyFetcher.Result.Failed.class);
    return ((PolicyFetcher.Result.Failed) result).failure();
  }

  @Test
  void validPolicyIsFetchedOverVerifiedTls() {
    PolicyServer server = server();

    PolicyFetcher.Result result = fetch(server.fetcher().build(), PolicyServer.DOMAIN);

    assertThat(result).isInstanceOf(PolicyFetcher.Result.Fetched.class);
    StsPolicy policy = ((PolicyFetcher.Result.Fetched) result).policy();
    assertThat(policy.mode()).isEqualTo(StsMode.ENFORCE);
    assertThat(policy.permits("a.mx.example.test")).isTrue();
    assertThat(policy.maxAge()).isEqualTo(Duration.ofDays(1));
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void chunkedBodyIsDecoded() {
    PolicyServer server = server();
    server.answer(new MtaStsPolicyHost.Answer(200, "text/plain", PolicyServer.POLICY.getBytes(StandardCharsets.UTF_8),
        true, null));

    assertThat(fetch(server.fetcher().build(), PolicyServer.DOMAIN)).isInstanceOf(PolicyFetcher.Result.Fetched.class);
  }

  @Test
  void certificateForAnotherNameIsWebPkiFailure() {
    PolicyServer server = server(List.of("www.example.test"));

    FetchFailure failure = failure(fetch(server.fetcher().build(), PolicyServer.DOMAIN));

    assertThat(failure.kind()).isEqualTo(FetchFailure.Kind.CERTIFICATE);
    assertThat(failure.detail()).contains("www.example.test", PolicyServer.HOST);
    assertThat(failure.resultType().wireName()).isEqualTo("sts-webpki-invalid");
  }

  @Test
  void certificateFromUntrustedCaIsWebPkiFailure() {
    PolicyServer server = server();
    TestPki.Credential otherCa = TestPki.authority("Some Other CA");

    FetchFailure failure = failure(fetch(
        server.fetcher().trustAnchors(List.of(otherCa.certificate())).build(), PolicyServer.DOMAIN));

    assertThat(failure.kind()).isEqualTo(FetchFailure.Kind.CERTIFICATE);
  }

  @Test
  void notFoundIsFetchError() {
    PolicyServer server = server();
    server.answer(new MtaStsPolicyHost.Answer(404, "text/plain", "no".getBytes(StandardCharsets.UTF_8), false, null));

    FetchFailure failure = failure(fetch(server.fetcher().build(), PolicyServer.DOMAIN));

    assertThat(failure.kind()).isEqualTo(FetchFailure.Kind.HTTP_STATUS);
    assertThat(failure.detail()).contains("404");
    assertThat(failure.resultType().wireName()).isEqualTo("sts-policy-fetch-error");
  }

  @Test
  void redirectIsNotFollowed() {
    PolicyServer server = server();
    server.answer(new MtaStsPolicyHost.Answer(301, "text/plain", new byte[0], false,
        "https://" + PolicyServer.HOST + ":" + server.port() + HttpsPolicyFetcher.PATH + "?moved"));

    FetchFailure failure = failure(fetch(server.fetcher().build(), PolicyServer.DOMAIN));

    assertThat(failure.kind()).isEqualTo(FetchFailure.Kind.REDIRECT);
    assertThat(failure.detail()).contains("301", "?moved");
    assertThat(server.requests()).isEqualTo(1);
  }

  @Test
  void wrongContentTypeIsRefused() {
    PolicyServer server = server();
    server.answer(new MtaStsPolicyHost.Answer(200, "text/html", PolicyServer.POLICY.getBytes(StandardCharsets.UTF_8),
        false, null));

    assertThat(failure(fetch(server.fetcher().build(), PolicyServer.DOMAIN)).kind())
        .isEqualTo(FetchFailure.Kind.CONTENT_TYPE);
  }

  @Test
  void oversizedBodyIsRefusedWithAndWithoutContentLength() {
    PolicyServer server = server();
    byte[] big = (PolicyServer.POLICY + "x: " + "a".repeat(70_000) + "\n").getBytes(StandardCharsets.UTF_8);
    for (boolean chunked : List.of(false, true)) {
      server.answer(new MtaStsPolicyHost.Answer(200, "text/plain", big, chunked, null));

      assertThat(failure(fetch(server.fetcher().build(), PolicyServer.DOMAIN)).kind())
          .as("chunked=%s", chunked).isEqualTo(FetchFailure.Kind.TOO_LARGE);
    }
  }

  @Test
  void invalidPolicyIsReportedAsSuch() {
    PolicyServer server = server();
    server.policy("version: STSv1\nmode: enforce\nmax_age: 600\n"); // no mx

    FetchFailure failure = failure(fetch(server.fetcher().build(), PolicyServer.DOMAIN));

    assertThat(failure.kind()).isEqualTo(FetchFailure.Kind.INVALID_POLICY);
    assertThat(failure.resultType().wireName()).isEqualTo("sts-policy-invalid");
  }

  @Test
  void hostWithoutAddressIsDnsFailure() {
    PolicyServer server = server();

    assertThat(failure(fetch(server.fetcher().build(), "nowhere.test")).kind()).isEqualTo(FetchFailure.Kind.DNS);
    assertThat(failure(fetch(server.fetcher().build(), "not a name")).kind()).isEqualTo(FetchFailure.Kind.DNS);
  }

  @Test
  void closedPortIsConnectFailure() throws IOException {
    PolicyServer server = server();
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }

    assertThat(failure(fetch(server.fetcher().port(closedPort).build(), PolicyServer.DOMAIN)).kind())
        .isEqualTo(FetchFailure.Kind.CONNECT);
  }

  @Test
  void serverThatNeverAnswersTimesOut() throws IOException {
    PolicyServer server = server();
    ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    resources.add(silent);
    List<Socket> held = new ArrayList<>();
    Thread.ofVirtual().start(() -> {
      try {
        while (true) {
          held.add(silent.accept()); // accepted, never read from or written to
        }
      } catch (IOException closed) {
        // the test is over
      }
    });

    FetchFailure failure = failure(fetch(server.fetcher().port(silent.getLocalPort())
        .totalTimeout(Duration.ofMillis(300)).build(), PolicyServer.DOMAIN));

    assertThat(failure.kind()).isEqualTo(FetchFailure.Kind.TIMEOUT);
    assertThat(failure.resultType().wireName()).isEqualTo("sts-policy-fetch-error");
  }
}
