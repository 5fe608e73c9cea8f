package dev.sealpost.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The client side of one SASL exchange (RFC 4422), as {@link Authenticator} drives it over AUTH. New
 * mechanisms (SCRAM, OAUTHBEARER) plug in here.
 *
 * <p>Contract: {@link #initialResponse()} is sent with the AUTH command (RFC 4954 §4); each 334 challenge,
 * base64-decoded, is passed to {@link #respond} and its answer sent base64-encoded. An instance serves one
 * exchange and is used by one thread.
 */
interface SaslMechanism {

  String name();

  Optional<byte[]> initialResponse();

  /** The answer to a server challenge; throw {@link IllegalStateException} when the exchange makes no sense. */
  byte[] respond(byte[] challenge);

  static SaslMechanism of(AuthMechanism mechanism, Credentials credentials) {
    return switch (mechanism) {
      case PLAIN -> new Plain((Credentials.Password) credentials);
      case LOGIN -> new Login((Credentials.Password) credentials);
      case XOAUTH2 -> new XOAuth2((Credentials.BearerToken) credentials);
    };
  }

  /** RFC 4616: authzid (empty), NUL, authcid, NUL, password. */
  record Plain(Credentials.Password credentials) implements SaslMechanism {
    @Override
    public String name() {
      return "PLAIN";
    }

    @Override
    public Optional<byte[]> initialResponse() {
      return Optional.of(("\0" + credentials.username() + "\0" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] respond(byte[] challenge) {
      throw new IllegalStateException("PLAIN has no challenge");
    }
  }

  /** LOGIN: the first prompt gets the user name, the second the password. */
  final class Login implements SaslMechanism {
    private final Credentials.Password credentials;
    private int step;

    Login(Credentials.Password credentials) {
      this.credentials = credentials;
    }

    @Override
    public String name() {
      return "LOGIN";
    }

    @Override
    public Optional<byte[]> initialResponse() {
      return Optional.empty();
    }

    @Override
    public byte[] respond(byte[] challenge) {
      return switch (step++) {
        case 0 -> credentials.username().getBytes(StandardCharsets.UTF_8);
        case 1 -> credentials.password().getBytes(StandardCharsets.UTF_8);
        default -> throw new IllegalStateException("LOGIN has only two prompts");
      };
    }
  }

  /**
   * XOAUTH2: {@code user=U^Aauth=Bearer T^A^A}. A failure comes as a 334 with a JSON error; the client
   * answers it with an empty line and the server then sends the final 5xx.
   */
  record XOAuth2(Credentials.BearerToken credentials) implements SaslMechanism {
    @Override
    public String name() {
      return "XOAUTH2";
    }

    @Override
    public Optional<byte[]> initialResponse() {
      return Optional.of(("user=" + credentials.username() + "\u0001auth=Bearer " + credentials.token() + "\u0001\u0001")
          .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public byte[] respond(byte[] challenge) {
      return new byte[0];
    }
  }
}
