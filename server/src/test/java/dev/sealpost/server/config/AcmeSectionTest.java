package dev.sealpost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

class AcmeSectionTest {
  @TempDir Path dir;

  private static final String BASE = """
      hostname = "mail.example.com"
      domains = ["example.com"]
      [[listeners]]
      kind = "submissions"
      address = "127.0.0.1:465"
      """;

  private ServerConfig load(String acme) throws Exception {
    Path f = dir.resolve("sealpost.toml");
    Files.writeString(f, BASE + "[acme]\n" + acme);
    return ConfigLoader.load(f);
  }

  @Test
  void withoutTheSectionNoAcme() throws Exception {
    Path f = dir.resolve("sealpost.toml");
    Files.writeString(f, BASE);
    assertThat(ConfigLoader.load(f).acme()).isEmpty();
  }

  @Test
  void defaults() throws Exception {
    AcmeConfig a = load("directory = \"https://acme-v02.api.letsencrypt.org/directory\"\nagree-to-terms = true\n")
        .acme().orElseThrow();
    assertThat(a.names()).containsExactly("mail.example.com");
    assertThat(a.challenge()).isEqualTo(AcmeConfig.Challenge.HTTP_01);
    assertThat(a.httpListen().getPort()).isEqualTo(80);
    assertThat(a.tlsAlpnListen().getPort()).isEqualTo(443);
    assertThat(a.rsa()).isFalse();
    assertThat(a.email()).isEmpty();
    assertThat(a.caBundle()).isEmpty();
    assertThat(a.checkInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(a.firstRetry()).isEqualTo(Duration.ofMinutes(5));
    assertThat(a.maxRetry()).isEqualTo(Duration.ofHours(6));
  }

  @Test
  void everyKey() throws Exception {
    AcmeConfig a = load("""
        directory = "https://localhost:14000/dir"
        agree-to-terms = true
        names = ["Mail.Example.com", "mx.example.com"]
        email = "hostmaster@example.com"
        challenge = "tls-alpn-01"
        http-listen = "127.0.0.1:5002"
        tls-alpn-listen = "[::1]:5001"
        ca-bundle = "pebble.pem"
        key-type = "rsa-2048"
        check-interval-seconds = 60
        retry-first-seconds = 10
        retry-max-seconds = 100
        """).acme().orElseThrow();
    assertThat(a.names()).containsExactly("mail.example.com", "mx.example.com");
    assertThat(a.challenge()).isEqualTo(AcmeConfig.Challenge.TLS_ALPN_01);
    assertThat(a.httpListen().getPort()).isEqualTo(5002);
    assertThat(a.tlsAlpnListen().getAddress().isLoopbackAddress()).isTrue();
    assertThat(a.caBundle()).contains(dir.resolve("pebble.pem"));
    assertThat(a.rsa()).isTrue();
    assertThat(a.email()).contains("hostmaster@example.com");
    assertThat(a.firstRetry()).isEqualTo(Duration.ofSeconds(10));
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> mistakes() {
    String ok = "directory = \"https://ca.example/dir\"\nagree-to-terms = true\n";
    return java.util.stream.Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("agree-to-terms = true\n", "acme.directory",
            "directory URL is needed"),
        org.junit.jupiter.params.provider.Arguments.of("directory = \"http://ca.example/dir\"\nagree-to-terms = true\n",
            "acme.directory", "must not talk in clear text"),
        org.junit.jupiter.params.provider.Arguments.of("directory = \"https://ca.example/dir\"\n",
            "acme.agree-to-terms", "terms of service"),
        org.junit.jupiter.params.provider.Arguments.of("directory = \"https://ca.example/dir\"\nagree-to-terms = false\n",
            "acme.agree-to-terms", "terms of service"),
        org.junit.jupiter.params.provider.Arguments.of(ok + "challenge = \"dns-01\"\n", "acme.challenge", "not one of"),
        org.junit.jupiter.params.provider.Arguments.of(ok + "names = [\"intranet\"]\n", "acme.names", "can issue for"),
        org.junit.jupiter.params.provider.Arguments.of(ok + "key-type = \"dsa\"\n", "acme.key-type", "not one of"),
        org.junit.jupiter.params.provider.Arguments.of(ok + "http-listen = \"80\"\n", "acme.http-listen", "ADDRESS:PORT"),
        org.junit.jupiter.params.provider.Arguments.of(ok + "retry-first-seconds = 100\nretry-max-seconds = 10\n",
            "acme.retry-max-seconds", "not be below"));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("mistakes")
  void mistakesNameTheirKey(String toml, String key, String message) {
    assertThatThrownBy(() -> load(toml)).isInstanceOf(ConfigException.class).hasMessageContaining(key)
        .hasMessageContaining(message);
  }
}
