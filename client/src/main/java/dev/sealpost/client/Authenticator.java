package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Runs AUTH (RFC 4954) on a channel that is already TLS-protected, with the best mechanism both sides
 * have (or the one the caller insisted on). Transcripts see {@code AUTH PLAIN <redacted>}.
 */
final class Authenticator {

  static final String REDACTED = "<redacted>";
  private static final int MAX_ROUNDS = 5;

  private Authenticator() {}

  static void authenticate(SmtpChannel channel, EhloCapabilities capabilities, Credentials credentials,
      Optional<AuthMechanism> required, Duration timeout) {
    if (!channel.isTls()) {
      // Belt and braces: the builder already refuses credentials with clear text.
      throw new AuthenticationException("refusing to send credentials to " + channel.destination()
          + " without TLS", null);
    }
    AuthMechanism mechanism = choose(capabilities.authMechanisms(), credentials, required, channel.destination());
    SaslMechanism sasl = SaslMechanism.of(mechanism, credentials);
    String command = "AUTH " + sasl.name();
    Optional<byte[]> initial = sasl.initialResponse();
    if (initial.isPresent()) {
      // RFC 4954 §4: a zero-length initial response is sent as "=".
      String encoded = initial.get().length == 0 ? "=" : Base64.getEncoder().encodeToString(initial.get());
      channel.write(command + " " + encoded, command + " " + REDACTED);
    } else {
      channel.write(command);
    }
    channel.flush();
    SmtpReply reply = channel.read("reply to AUTH", timeout);
    for (int round = 0; reply.code() == 334; round++) {
      if (round == MAX_ROUNDS) {
        channel.close();
        throw new ProtocolException("AUTH " + sasl.name() + " did not finish after " + MAX_ROUNDS + " challenges", reply);
      }
      byte[] answer;
      try {
        answer = sasl.respond(Base64.getDecoder().decode(reply.lines().getFirst().trim()));
      } catch (IllegalArgumentException | IllegalStateException e) {
        channel.write("*"); // RFC 4954 §4: cancel the exchange
        channel.flush();
        SmtpReply cancelled = channel.read("reply to AUTH cancellation", timeout);
        throw new AuthenticationException("AUTH " + sasl.name() + " with " + channel.destination()
            + " failed: unexpected challenge (" + e.getMessage() + "); server said " + Replies.oneLine(cancelled), cancelled);
      }
      channel.write(Base64.getEncoder().encodeToString(answer), REDACTED);
      channel.flush();
      reply = channel.read("reply to AUTH", timeout);
    }
    if (reply.code() != 235) {
      throw new AuthenticationException("AUTH " + sasl.name() + " as " + credentials.username() + " refused by "
          + channel.destination() + ": " + Replies.oneLine(reply), reply);
    }
  }

  static AuthMechanism choose(List<String> offered, Credentials credentials, Optional<AuthMechanism> required,
      Destination destination) {
    if (offered.isEmpty()) {
      throw new AuthenticationException(destination + " offers no AUTH inside TLS; cannot authenticate as "
          + credentials.username(), null);
    }
    List<AuthMechanism> candidates = required.map(List::of).orElse(credentials.mechanisms());
    for (AuthMechanism m : candidates) {
      if (!credentials.mechanisms().contains(m)) {
        throw new IllegalStateException("AUTH " + m + " cannot be used with " + credentials.getClass().getSimpleName());
      }
      if (offered.contains(m.name())) {
        return m;
      }
    }
    throw new AuthenticationException(destination + " offers AUTH " + String.join(" ", offered) + ", none of "
        + candidates + " usable with these credentials", null);
  }
}
