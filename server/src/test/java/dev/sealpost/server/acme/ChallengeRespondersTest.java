package dev.sealpost.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sealpost.testing.ExternalCommand;
import dev.sealpost.tls.CertificateBuilder;
import dev.sealpost.tls.KeyType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The challenge responders on their own, asked by clients we did not write (the JDK's HTTP client, openssl). */
class ChallengeRespondersTest {

  @Test
  void http01AnswersPublishedTokensOnlyAndForgetsWithdrawnOnes() throws Exception {
    try (Http01Responder responder = Http01Responder.start(new InetSocketAddress("127.0.0.1", 0));
         HttpClient http = HttpClient.newHttpClient()) {
      String base = "http://127.0.0.1:" + responder.address().getPort();
      responder.answer("tok-1", "tok-1.thumbprint");
      HttpResponse<String> ok = http.send(HttpRequest.newBuilder(URI.create(base + Http01Responder.PREFIX + "tok-1"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).isEqualTo("tok-1.thumbprint");
      for (String path : List.of(Http01Responder.PREFIX + "tok-2", "/", "/.well-known/acme-challenge/",
          "/.well-known/acme-challenge/tok-1/../tok-1x", "/etc/passwd")) {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode()).as(path).isEqualTo(404);
      }
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + Http01Responder.PREFIX + "tok-1"))
          .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("only GET").isEqualTo(404);
      responder.answers().clear();
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + Http01Responder.PREFIX + "tok-1")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void tlsAlpn01ServesTheChallengeCertificateOnlyForItsNameWithAcmeTls1() throws Exception {
    Assumptions.assumeTrue(ExternalCommand.available("openssl"), "openssl missing: .ci/run installs it");
    try (TlsAlpn01Responder responder = TlsAlpn01Responder.start(new InetSocketAddress("127.0.0.1", 0))) {
      KeyPair keys = KeyType.EC_P256.generate();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      X509Certificate cert = CertificateBuilder.server("challenge.example.test")
          .subjectAltNames(List.of("challenge.example.test")).validity(now.minusSeconds(60), now.plusSeconds(3600))
          .selfSigned(keys);
      responder.serve("challenge.example.test", keys, cert);
      int port = responder.address().getPort();
      ExternalCommand.Result served = sClient(port, "challenge.example.test");
      assertThat(served.output()).contains("ALPN protocol: acme-tls/1").contains("s:CN = challenge.example.test")
          .doesNotContain("no peer certificate available");
      ExternalCommand.Result other = sClient(port, "other.example.test");
      assertThat(other.output()).as("no handshake for a name without a challenge")
          .doesNotContain("CN = challenge.example.test").doesNotContain("ALPN protocol: acme-tls/1");
      assertThat(responder.answered()).isEqualTo(1);
    }
  }

  private static ExternalCommand.Result sClient(int port, String name) {
    return ExternalCommand.run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-servername", name,
        "-alpn", "acme-tls/1"), "", Map.of(), 30);
  }
}
