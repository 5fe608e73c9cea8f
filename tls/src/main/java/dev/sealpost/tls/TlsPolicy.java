package dev.sealpost.tls;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which TLS versions and cipher suites a context may negotiate. Names are the JSSE ones ({@code TLSv1.2},
 * {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}); Netty maps them for OpenSSL.
 *
 * <p>The canonical constructor accepts any suite list (operators may narrow it) but only TLS protocol
 * names: SSLv2 and SSLv3 are refused everywhere. Use {@link #of} to build a policy from configuration,
 * which also keeps TLS 1.0 and 1.1 behind an explicit opt-in.
 */
public record TlsPolicy(List<String> protocols, List<String> cipherSuites) {

  public static final String TLS_1_3 = "TLSv1.3";
  public static final String TLS_1_2 = "TLSv1.2";
  public static final String TLS_1_1 = "TLSv1.1";
  public static final String TLS_1_0 = "TLSv1";

  private static final Set<String> KNOWN = Set.of(TLS_1_3, TLS_1_2, TLS_1_1, TLS_1_0);
  private static final Set<String> LEGACY = Set.of(TLS_1_1, TLS_1_0);

  /** TLS 1.3 suites; always AEAD, and BoringSSL enables exactly these. */
  static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  /** Mozilla "intermediate": forward secrecy (ECDHE) and AEAD only, in server preference order. */
  static final List<String> TLS12_SUITES = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** TLS 1.0 and 1.1 have no AEAD suites; these CBC ones keep forward secrecy at least. */
  static final List<String> LEGACY_SUITES = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");

  public TlsPolicy {
    protocols = List.copyOf(new LinkedHashSet<>(protocols));
    cipherSuites = List.copyOf(new LinkedHashSet<>(cipherSuites));
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("a TLS policy needs at least one protocol");
    }
    if (cipherSuites.isEmpty()) {
      throw new IllegalArgumentException("a TLS policy needs at least one cipher suite");
    }
    for (String p : protocols) {
      if (!KNOWN.contains(p)) {
        throw new IllegalArgumentException(unknownProtocol(p));
      }
    }
  }

  /** TLS 1.3 and 1.2 with forward-secret AEAD suites only: what every current mail client speaks. */
  public static TlsPolicy modern() {
    return of(List.of(TLS_1_3, TLS_1_2), false);
  }

  /**
   * A policy for the named protocols ({@code TLSv1.3}, {@code TLSv1.2}; with {@code allowLegacy} also
   * {@code TLSv1.1} and {@code TLSv1}, alias {@code TLSv1.0}), with the matching suites.
   *
   * @throws IllegalArgumentException naming the value for an unknown or SSL name, or a legacy version
   *     without {@code allowLegacy}
   */
  public static TlsPolicy of(List<String> protocols, boolean allowLegacy) {
    List<String> names = new ArrayList<>();
    for (String raw : protocols) {
      String name = canonicalName(raw);
      if (LEGACY.contains(name) && !allowLegacy) {
        throw new IllegalArgumentException(raw + " is deprecated (RFC 8996) and refused by default; enable it"
            + " only to serve old clients, by explicitly allowing legacy TLS protocols (allow-legacy-protocols = true in [tls])");
      }
      names.add(name);
    }
    List<String> suites = new ArrayList<>();
    if (names.contains(TLS_1_3)) {
      suites.addAll(TLS13_SUITES);
    }
    if (names.stream().anyMatch(n -> !n.equals(TLS_1_3))) {
      suites.addAll(TLS12_SUITES);
    }
    if (names.stream().anyMatch(LEGACY::contains)) {
      suites.addAll(LEGACY_SUITES);
    }
    return new TlsPolicy(names, suites);
  }

  /** Loud, admin-facing warnings, one per protocol older than TLS 1.2; empty for a sound policy. */
  public List<String> warnings() {
    return protocols.stream()
        .filter(LEGACY::contains)
        .map(p -> "WARNING: " + p + " is enabled. It is deprecated (RFC 8996), lacks AEAD cipher suites and"
            + " should only be used for clients that cannot be upgraded. The JDK TLS provider refuses it"
            + " anyway unless jdk.tls.disabledAlgorithms is changed.")
        .toList();
  }

  private static String canonicalName(String raw) {
    Objects.requireNonNull(raw, "protocol name");
    String upper = raw.trim().toUpperCase(Locale.ROOT);
    return switch (upper) {
      case "TLSV1.3" -> TLS_1_3;
      case "TLSV1.2" -> TLS_1_2;
      case "TLSV1.1" -> TLS_1_1;
      case "TLSV1", "TLSV1.0" -> TLS_1_0;
      default -> throw new IllegalArgumentException(unknownProtocol(raw));
    };
  }

  private static String unknownProtocol(String name) {
    if (name.toUpperCase(Locale.ROOT).startsWith("SSL")) {
      return "protocol '" + name + "' is broken and never supported; use TLSv1.3 and TLSv1.2";
    }
    return "unknown TLS protocol '" + name + "'; expected one of TLSv1.3, TLSv1.2, TLSv1.1, TLSv1";
  }
}
