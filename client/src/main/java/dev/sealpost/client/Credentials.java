package dev.sealpost.client;

import java.util.List;
import java.util.Objects;

/**
 * What the client authenticates with. {@code toString()} never shows the secret.
 */
public sealed interface Credentials {

  String username();

  /** Mechanisms usable with these credentials, best first. */
  List<AuthMechanism> mechanisms();

  static Credentials password(String username, String password) {
    return new Password(username, password);
  }

  /** An OAuth 2.0 access token, sent with XOAUTH2. Refreshing it is the caller's job. */
  static Credentials bearerToken(String username, String token) {
    return new BearerToken(username, token);
  }

  record Password(String username, String password) implements Credentials {
    public Password {
      Wire.requireSingleLine("username", Objects.requireNonNull(username, "username"));
      Objects.requireNonNull(password, "password");
      if (password.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("password contains NUL, which SASL PLAIN cannot carry");
      }
    }

    @Override
    public List<AuthMechanism> mechanisms() {
      return List.of(AuthMechanism.PLAIN, AuthMechanism.LOGIN);
    }

    @Override
    public String toString() {
      return "Password[username=" + username + ", password=<redacted>]";
    }
  }

  record BearerToken(String username, String token) implements Credentials {
    public BearerToken {
      Wire.requireSingleLine("username", Objects.requireNonNull(username, "username"));
      Objects.requireNonNull(token, "token");
      if (token.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException("bearer token contains a control character");
      }
    }

    @Override
    public List<AuthMechanism> mechanisms() {
      return List.of(AuthMechanism.XOAUTH2);
    }

    @Override
    public String toString() {
      return "BearerToken[username=" + username + ", token=<redacted>]";
    }
  }
}
