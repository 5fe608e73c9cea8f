package dev.sealpost.cli.probe;

import dev.sealpost.tls.SslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * Client TLS contexts that offer far more than Sealpost itself would accept, because the probe's job is
 * to find out what the server accepts. They trust every certificate: the chain is captured and judged
 * afterwards by {@link CertificateAssessment}, so that an untrusted certificate is reported rather than
 * ending the probe.
 */
final class ProbeTlsContexts {

  static final String TLS_1_3 = "TLSv1.3";
  static final String TLS_1_2 = "TLSv1.2";
  static final String TLS_1_1 = "TLSv1.1";
  static final String TLS_1_0 = "TLSv1";

  /** In the order the report lists them. */
  static final List<String> VERSIONS = List.of(TLS_1_0, TLS_1_1, TLS_1_2, TLS_1_3);

  private static final List<String> TLS13 =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /** Forward secrecy with AEAD: what a sound TLS 1.2 server picks when it can. */
  private static final List<String> STRONG = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** No forward secrecy, or CBC: still found on old servers, and the only suites TLS 1.0/1.1 have. */
  static final List<String> WEAK = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_RSA_WITH_3DES_EDE_CBC_SHA");

  private final SslProvider provider;

  ProbeTlsContexts() {
    this(SslContexts.defaultProvider());
  }

  ProbeTlsContexts(SslProvider provider) {
    this.provider = provider;
  }

  /** Whether this provider can offer {@code version} at all (the JDK refuses TLS 1.0 and 1.1). */
  boolean canOffer(String version) {
    return provider != SslProvider.JDK || version.equals(TLS_1_2) || version.equals(TLS_1_3);
  }

  String providerName() {
    return provider == SslProvider.JDK ? "JDK" : "OpenSSL/BoringSSL";
  }

  /** What a modern client offers: TLS 1.3 and 1.2, strong suites first, weak ones last. */
  SslContext modern() {
    List<String> suites = new ArrayList<>(TLS13);
    suites.addAll(STRONG);
    suites.addAll(WEAK);
    return build(List.of(TLS_1_3, TLS_1_2), suites);
  }

  /** Exactly one protocol version, with every suite it can use. */
  SslContext only(String version) {
    List<String> suites = new ArrayList<>();
    if (version.equals(TLS_1_3)) {
      suites.addAll(TLS13);
    } else {
      suites.addAll(STRONG);
      suites.addAll(WEAK);
    }
    return build(List.of(version), suites);
  }

  /** TLS 1.2 offering only suites without forward secrecy or with CBC: accepted means weak suites on. */
  SslContext weakSuitesOnly() {
    return build(List.of(TLS_1_2), WEAK);
  }

  private SslContext build(List<String> protocols, List<String> suites) {
    try {
      return SslContextBuilder.forClient()
          .sslProvider(provider)
          .protocols(protocols)
          .ciphers(suites, SupportedCipherSuiteFilter.INSTANCE)
          .trustManager(InsecureTrustManagerFactory.INSTANCE)
          .build();
    } catch (SSLException | RuntimeException e) {
      throw new ProbeIoException("cannot offer " + protocols + " with the " + providerName() + " provider: "
          + SmtpLineChannel.describe(e));
    }
  }

  /** Forward-secret and AEAD; every TLS 1.3 suite is. */
  static boolean strong(String protocol, String suite) {
    if (TLS_1_3.equals(protocol)) {
      return true;
    }
    boolean forwardSecret = suite.contains("_ECDHE_") || suite.contains("_DHE_");
    boolean aead = suite.contains("_GCM_") || suite.contains("CHACHA20") || suite.contains("_CCM");
    return forwardSecret && aead;
  }
}
