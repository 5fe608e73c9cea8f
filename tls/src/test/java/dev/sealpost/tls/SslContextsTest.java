package dev.sealpost.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Handshakes against a real loopback listener, with {@code openssl s_client} as the independent peer. */
class SslContextsTest {

  private static final Pki.Issued CA = Pki.ca("Handshake CA");
  private static final Pki.Issued EC_SERVER = Pki.server(CA, KeyType.EC_P256, "localhost");
  private static final Pki.Issued RSA_SERVER = Pki.server(CA, KeyType.RSA_2048, "localhost");
  /** OpenSSL 3 refuses TLS < 1.2 and SHA-1 at its default security level 1, before the server is asked. */
  private static final String ANY_SECURITY_LEVEL = "DEFAULT@SECLEVEL=0";

  /** What the server saw: the session, or why the handshake failed. */
  private record Outcome(OpenSslCli.Result client, SSLSession session, Throwable failure) {}

  private static Outcome opensslHandshake(SslContext server, String... clientOptions) throws Exception {
    try (LoopbackTlsServer listener = new LoopbackTlsServer(server)) {
      CompletableFuture<SSLSession> result = listener.nextHandshake();
      OpenSslCli.Result client = OpenSslCli.connect(listener.port(), clientOptions);
      try {
        return new Outcome(client, result.get(10, TimeUnit.SECONDS), null);
      } catch (ExecutionException e) {
        return new Outcome(client, null, e.getCause());
      }
    }
  }

  private static void assertRefused(Outcome o) {
    assertThat(o.client().exitCode()).as(o.client().output()).isNotZero();
    // The server itself refused (a handshake alert), not the client giving up before asking.
    assertThat(o.failure()).as("server handshake must fail").isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    assertThat(o.client().output()).contains("alert");
  }

  private static SSLSession assertAccepted(Outcome o) {
    assertThat(o.client().exitCode()).as(o.client().output()).isZero();
    assertThat(o.failure()).isNull();
    return o.session();
  }

  @Test
  void boringSslIsLoadedOnThisPlatform() {
    assertThat(SslContexts.openSslAvailable()).as(SslContexts.providerDescription()).isTrue();
    assertThat(SslContexts.providerDescription()).startsWith("OpenSSL (BoringSSL 2.0.");
    assertThat(SslContexts.defaultProvider()).isEqualTo(SslProvider.OPENSSL);
    assertThat(SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern()).getClass().getSimpleName())
        .contains("OpenSsl");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void tls13IsAccepted(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern(), provider);

    SSLSession s = assertAccepted(opensslHandshake(server, "-tls1_3"));

    assertThat(s.getProtocol()).isEqualTo("TLSv1.3");
    // All TLS 1.3 suites are AEAD; the JDK follows the client's order among them, BoringSSL its own.
    assertThat(s.getCipherSuite()).isIn(TlsPolicy.TLS13_SUITES);
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void tls12WithEcdheAeadIsAccepted(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern(), provider);

    SSLSession s = assertAccepted(opensslHandshake(server, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"));

    assertThat(s.getProtocol()).isEqualTo("TLSv1.2");
    assertThat(s.getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void tls11IsRefused(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern(), provider);

    assertRefused(opensslHandshake(server, "-tls1_1", "-cipher", ANY_SECURITY_LEVEL));
  }

  @Test
  void tls11ClientWorksWhenLegacyIsAllowedSoTheRefusalAboveIsTheServers() throws Exception {
    OpenSslCli.assumeAvailable();
    TlsPolicy legacy = TlsPolicy.of(List.of("TLSv1.2", "TLSv1.1"), true);
    SslContext server = SslContexts.forServer(EC_SERVER.material(), legacy, SslProvider.OPENSSL);

    SSLSession s = assertAccepted(opensslHandshake(server, "-tls1_1", "-cipher", ANY_SECURITY_LEVEL));

    assertThat(s.getProtocol()).isEqualTo("TLSv1.1");
    assertThat(s.getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void tls12WithoutForwardSecrecyIsRefused(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    SslContext server = SslContexts.forServer(RSA_SERVER.material(), TlsPolicy.modern(), provider);

    assertRefused(opensslHandshake(server, "-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0"));
  }

  @Test
  void rsaKeyExchangeWorksWhenThePolicyListsItSoTheRefusalAboveIsTheServers() throws Exception {
    OpenSslCli.assumeAvailable();
    TlsPolicy weak = new TlsPolicy(List.of("TLSv1.2"), List.of("TLS_RSA_WITH_AES_128_CBC_SHA"));
    SslContext server = SslContexts.forServer(RSA_SERVER.material(), weak, SslProvider.OPENSSL);

    SSLSession s = assertAccepted(opensslHandshake(server, "-tls1_2", "-cipher", "AES128-SHA:@SECLEVEL=0"));

    assertThat(s.getCipherSuite()).isEqualTo("TLS_RSA_WITH_AES_128_CBC_SHA");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void rsaCertificateServesEcdheRsa(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    SslContext server = SslContexts.forServer(RSA_SERVER.material(), TlsPolicy.modern(), provider);

    SSLSession s = assertAccepted(opensslHandshake(server, "-tls1_2"));

    assertThat(s.getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void serverCipherOrderWins(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern(), provider);

    SSLSession s = assertAccepted(opensslHandshake(server, "-tls1_2", "-cipher",
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"));

    assertThat(s.getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void tls13OnlyPolicyWorks(SslProvider provider) throws Exception {
    OpenSslCli.assumeAvailable();
    TlsPolicy only13 = TlsPolicy.of(List.of("TLSv1.3"), false);
    SslContext server = SslContexts.forServer(EC_SERVER.material(), only13, provider);

    assertThat(assertAccepted(opensslHandshake(server)).getProtocol()).isEqualTo("TLSv1.3");
    assertRefused(opensslHandshake(server, "-tls1_2"));
  }

  @Test
  void everyProviderPairHandshakesWithTls13AndVerifiesTheChain() throws Exception {
    for (SslProvider serverProvider : List.of(SslProvider.OPENSSL, SslProvider.JDK)) {
      SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern(), serverProvider);
      try (LoopbackTlsServer listener = new LoopbackTlsServer(server)) {
        for (SslProvider clientProvider : List.of(SslProvider.OPENSSL, SslProvider.JDK)) {
          SslContext client = SslContexts.forClient(TlsPolicy.modern(), List.of(CA.certificate()), false, clientProvider);
          assertThat(listener.connect(client).getProtocol()).as(serverProvider + " <- " + clientProvider)
              .isEqualTo("TLSv1.3");
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
  void clientRefusesAnUntrustedServerUnlessTrustingAll(SslProvider provider) throws Exception {
    SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern());
    Pki.Issued otherCa = Pki.ca("Some Other CA");
    try (LoopbackTlsServer listener = new LoopbackTlsServer(server)) {
      SslContext strict = SslContexts.forClient(TlsPolicy.modern(), List.of(otherCa.certificate()), false, provider);
      assertThatThrownBy(() -> listener.connect(strict)).isInstanceOf(ExecutionException.class);

      SslContext lax = SslContexts.forClient(TlsPolicy.modern(), List.of(), true, provider);
      assertThat(listener.connect(lax).getProtocol()).isEqualTo("TLSv1.3");
    }
  }

  @Test
  void clientWithTls12PolicyNegotiatesTls12() throws Exception {
    SslContext server = SslContexts.forServer(EC_SERVER.material(), TlsPolicy.modern());
    try (LoopbackTlsServer listener = new LoopbackTlsServer(server)) {
      SslContext client = SslContexts.forClient(TlsPolicy.of(List.of("TLSv1.2"), false), List.of(CA.certificate()), false);
      SSLSession s = listener.connect(client);
      assertThat(s.getProtocol()).isEqualTo("TLSv1.2");
      assertThat(s.getCipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }
  }
}
