package dev.sealpost.server.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The SASL mechanisms the server offers: both send the password itself, so AUTH is only offered in TLS. */
public final class SaslMechanisms {

  private static final List<String> NAMES = List.of("PLAIN", "LOGIN");

  private SaslMechanisms() {}

  /** A fresh mechanism for one exchange, by name ignoring case (RFC 4422 §3.1). */
  public static Optional<SaslServerMechanism> create(String name) {
    return switch (name.toUpperCase(Locale.ROOT)) {
      case "PLAIN" -> Optional.of(new PlainMechanism());
      case "LOGIN" -> Optional.of(new LoginMechanism());
      default -> Optional.empty();
    };
  }

  /** The names to advertise in the EHLO AUTH keyword, preferred first. */
  public static List<String> names() {
    return NAMES;
  }
}
