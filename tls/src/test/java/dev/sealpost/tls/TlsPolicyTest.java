package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsPolicyTest {

  @Test
  void modernIsTls13And12WithForwardSecretAeadSuitesOnly() {
    TlsPolicy p = TlsPolicy.modern();
    assertThat(p.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(p.cipherSuites()).containsExactly(
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void acceptsNamesCaseInsensitivelyAndTheTls10Alias() {
    assertThat(TlsPolicy.of(List.of("tlsv1.2"), false).protocols()).containsExactly("TLSv1.2");
    assertThat(TlsPolicy.of(List.of("TLSv1.0", "TLSv1"), true).protocols()).containsExactly("TLSv1");
  }

  @Test
  void tls13OnlyHasOnlyTls13Suites() {
    assertThat(TlsPolicy.of(List.of("TLSv1.3"), false).cipherSuites()).isEqualTo(TlsPolicy.TLS13_SUITES);
  }

  @Test
  void tls12OnlyHasNoTls13Suites() {
    assertThat(TlsPolicy.of(List.of("TLSv1.2"), false).cipherSuites()).isEqualTo(TlsPolicy.TLS12_SUITES);
  }

  @Test
  void refusesLegacyWithoutTheOptionAndSaysHowToEnableIt() {
    assertThatThrownBy(() -> TlsPolicy.of(List.of("TLSv1.3", "TLSv1.1"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TLSv1.1").hasMessageContaining("allow-legacy-protocols = true");
    assertThatThrownBy(() -> TlsPolicy.of(List.of("TLSv1.0"), false)).hasMessageContaining("TLSv1.0");
  }

  @Test
  void legacyAddsCbcSuitesAndLoudWarnings() {
    TlsPolicy p = TlsPolicy.of(List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1"), true);
    assertThat(p.cipherSuites()).containsSubsequence(TlsPolicy.TLS12_SUITES).containsAll(TlsPolicy.LEGACY_SUITES)
        .allMatch(s -> s.startsWith("TLS_AES") || s.startsWith("TLS_CHACHA") || s.startsWith("TLS_ECDHE_"));
    assertThat(p.warnings()).hasSize(2).allMatch(w -> w.startsWith("WARNING")).anyMatch(w -> w.contains("TLSv1.1"));
  }

  @Test
  void allowLegacyAloneChangesNothing() {
    assertThat(TlsPolicy.of(List.of("TLSv1.3", "TLSv1.2"), true)).isEqualTo(TlsPolicy.modern());
  }

  @Test
  void sslIsNeverAccepted() {
    for (String ssl : List.of("SSLv3", "SSLv2", "SSLv2Hello")) {
      assertThatThrownBy(() -> TlsPolicy.of(List.of(ssl), true)).hasMessageContaining(ssl).hasMessageContaining("never");
      assertThatThrownBy(() -> new TlsPolicy(List.of(ssl), TlsPolicy.TLS12_SUITES)).hasMessageContaining(ssl);
    }
  }

  @Test
  void unknownNamesAreNamed() {
    assertThatThrownBy(() -> TlsPolicy.of(List.of("TLSv1.4"), true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'TLSv1.4'");
  }

  @Test
  void emptyListsAreRefused() {
    assertThatThrownBy(() -> TlsPolicy.of(List.of(), false)).hasMessageContaining("at least one protocol");
    assertThatThrownBy(() -> new TlsPolicy(List.of("TLSv1.3"), List.of())).hasMessageContaining("cipher suite");
  }

  @Test
  void listsAreImmutableAndDeduplicated() {
    TlsPolicy p = new TlsPolicy(List.of("TLSv1.2", "TLSv1.2"), List.of("X", "X"));
    assertThat(p.protocols()).containsExactly("TLSv1.2");
    assertThatThrownBy(() -> p.cipherSuites().add("Y")).isInstanceOf(UnsupportedOperationException.class);
  }
}
