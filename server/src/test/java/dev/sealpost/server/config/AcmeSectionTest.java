package dev.sealpost.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "agree-to-terms = true | acme.directory | directory URL is needed",
      "directory = 'http://ca.example/dir'\nagree-to-terms = true | acme.directory | must not talk in clear text",
      "directory = 'https://ca.example/dir' | acme.agree-to-terms | terms of service",
      "directory = 'https://ca.example/dir'\nagree-to-terms = false | acme.agree-to-terms | terms of service",
      "directory = 'https://ca.example/dir'\nagree-to-terms = true\nchallenge = 'dns-01' | acme.challenge | not one of",
      "directory = 'https://ca.example/dir'\nagree-to-terms = true\nnames = ['intranet'] | acme.names | can issue for",
      "directory = 'https://ca.example/dir'\nagree-to-terms = true\nkey-type = 'dsa' | acme.key-type | not one of",
      "directory = 'https://ca.example/dir'\nagree-to-terms = true\nhttp-listen = '80' | acme.http-listen | ADDRESS:PORT",
      "directory = 'https://ca.example/dir'\nagree-to-terms = true\nretry-first-seconds = 100\nretry-max-seconds = 10"
          + " | acme.retry-max-seconds | not be below",
  })
  void mistakesNameTheirKey(String toml, String key, String message) {
    assertThatThrownBy(() -> load(toml.replace("\\n", "\n").replace('\'', '"')))
        .isInstanceOf(ConfigException.class).hasMessageContaining(key).hasMessageContaining(message);
  }
}
