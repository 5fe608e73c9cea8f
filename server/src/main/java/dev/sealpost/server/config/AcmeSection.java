package dev.sealpost.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Validates the {@code [acme]} section; absent means certificates come from files only. */
final class AcmeSection {
  private static final List<String> P = List.of("acme");

  private AcmeSection() {}

  static Optional<AcmeConfig> validate(ConfigFile.Acme a, String hostname, Path base) {
    if (a == null) {
      return Optional.empty();
    }
    if (a.directory() == null || a.directory().isBlank()) {
      throw new ConfigValidator.Invalid(key("directory"),
          "the CA's ACME directory URL is needed, e.g. https://acme-v02.api.letsencrypt.org/directory");
    }
    if (!a.directory().startsWith("https://") && !a.directory().startsWith("acme://")) {
      throw new ConfigValidator.Invalid(key("directory"),
          "'" + a.directory() + "' is not an https:// (or acme://) URL: an ACME account must not talk in clear text");
    }
    if (!Boolean.TRUE.equals(a.agreeToTerms())) {
      throw new ConfigValidator.Invalid(key("agree-to-terms"),
          "the CA's terms of service must be read and accepted: set agree-to-terms = true");
    }
    List<String> names = new ArrayList<>();
    for (String n : a.names() == null ? List.of(hostname) : a.names()) {
      try {
        String ascii = dev.sealpost.protocol.Domain.parse(n).ascii();
        if (!ascii.contains(".") && !ascii.equals("localhost")) {
          throw new IllegalArgumentException(n);
        }
        names.add(ascii);
      } catch (IllegalArgumentException e) {
        throw new ConfigValidator.Invalid(key("names"), "'" + n + "' is not a host name a CA can issue for");
      }
    }
    if (names.isEmpty()) {
      throw new ConfigValidator.Invalid(key("names"), "at least one host name is needed");
    }
    AcmeConfig.Challenge challenge = AcmeConfig.Challenge.HTTP_01;
    if (a.challenge() != null) {
      challenge = java.util.Arrays.stream(AcmeConfig.Challenge.values())
          .filter(c -> c.configName().equals(a.challenge())).findFirst()
          .orElseThrow(() -> new ConfigValidator.Invalid(key("challenge"),
              "'" + a.challenge() + "' is not one of http-01, tls-alpn-01"));
    }
    boolean rsa = switch (a.keyType() == null ? "ec-p256" : a.keyType()) {
      case "ec-p256" -> false;
      case "rsa-2048" -> true;
      default -> throw new ConfigValidator.Invalid(key("key-type"),
          "'" + a.keyType() + "' is not one of ec-p256, rsa-2048");
    };
    Duration first = seconds("retry-first-seconds", a.retryFirstSeconds(), 300);
    Duration max = seconds("retry-max-seconds", a.retryMaxSeconds(), 6 * 3600);
    if (max.compareTo(first) < 0) {
      throw new ConfigValidator.Invalid(key("retry-max-seconds"), "must not be below retry-first-seconds");
    }
    return Optional.of(new AcmeConfig(a.directory(), names, Optional.ofNullable(a.email()), challenge,
        listen("http-listen", a.httpListen(), "0.0.0.0:80"), listen("tls-alpn-listen", a.tlsAlpnListen(), "0.0.0.0:443"),
        Optional.ofNullable(a.caBundle()).map(f -> base.resolve(f).toAbsolutePath().normalize()), rsa,
        seconds("check-interval-seconds", a.checkIntervalSeconds(), 3600), first, max));
  }

  private static Duration seconds(String name, Long value, long fallback) {
    if (value == null) {
      return Duration.ofSeconds(fallback);
    }
    if (value <= 0) {
      throw new ConfigValidator.Invalid(key(name), "must be a positive number, not " + value);
    }
    return Duration.ofSeconds(value);
  }

  private static InetSocketAddress listen(String name, String value, String fallback) {
    String v = value == null ? fallback : value;
    int colon = v.lastIndexOf(':');
    try {
      int port = Integer.parseInt(v.substring(colon + 1));
      if (colon <= 0 || port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      String host = v.substring(0, colon).replace("[", "").replace("]", "");
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new ConfigValidator.Invalid(key(name), "'" + v + "' is not ADDRESS:PORT");
    }
  }

  private static List<String> key(String name) {
    List<String> k = new ArrayList<>(P);
    k.add(name);
    return k;
  }
}
