package dev.sealpost.server.smtp;

import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.auth.AuthOutcome;
import dev.sealpost.server.auth.Credentials;
import dev.sealpost.server.auth.SaslMechanisms;
import dev.sealpost.server.auth.SaslServerMechanism;
import dev.sealpost.server.auth.SaslStep;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTH (RFC 4954). Only inside TLS and only on submission listeners: before TLS the command is refused
 * before its argument is even decoded, so credentials sent in clear text are never checked. A failed
 * attempt is answered 535 5.7.8 after a delay that grows with the client's recent failures.
 */
final class AuthHandler implements CommandHandler<SmtpCommand.Auth> {

  private static final Logger LOG = LoggerFactory.getLogger(AuthHandler.class);

  @Override
  public Effect handle(SmtpCommand.Auth command, SmtpSession session) {
    if (!session.listener().kind().requiresAuth()) {
      return session.error(SmtpReply.of(503, "5.5.1", "AUTH not available on this port"));
    }
    if (session.tls().isEmpty()) {
      LOG.warn("session={} client={} event=auth-before-tls", session.id(), session.client());
      return session.error(Replies.STARTTLS_FIRST);
    }
    if (session.helo().isEmpty() || !session.esmtp()) {
      return session.error(SmtpReply.of(503, "5.5.1", "Send EHLO first"));
    }
    if (session.user().isPresent()) {
      return session.error(SmtpReply.of(503, "5.5.1", "Already authenticated"));
    }
    if (session.transaction().isPresent()) {
      return session.error(SmtpReply.of(503, "5.5.1", "AUTH not allowed during a mail transaction"));
    }
    Optional<SaslServerMechanism> mechanism = SaslMechanisms.create(command.mechanism());
    if (mechanism.isEmpty()) {
      return session.error(SmtpReply.of(504, "5.5.4", "Unrecognized authentication mechanism"));
    }
    return step(session, mechanism.get(), mechanism.get().start(command.initialResponse()));
  }

  static Effect continueExchange(SmtpSession session, SaslServerMechanism mechanism, String line) {
    return step(session, mechanism, mechanism.next(line));
  }

  private static Effect step(SmtpSession session, SaslServerMechanism mechanism, SaslStep step) {
    return switch (step) {
      case SaslStep.Challenge c -> {
        session.mode(new InputMode.Sasl(mechanism));
        yield new Effect.Reply(SmtpReply.withoutStatus(334, c.base64().isEmpty() ? "" : c.base64()));
      }
      case SaslStep.Aborted a -> {
        session.mode(InputMode.COMMANDS);
        yield session.error(SmtpReply.of(501, "5.0.0", "Authentication cancelled"));
      }
      case SaslStep.Malformed m -> {
        session.mode(InputMode.COMMANDS);
        yield session.error(SmtpReply.of(501, "5.5.2", "Cannot decode the authentication response"));
      }
      case SaslStep.Done done -> {
        session.mode(InputMode.COMMANDS);
        yield verify(session, done.credentials());
      }
    };
  }

  private static Effect verify(SmtpSession session, Credentials credentials) {
    InetAddress client = session.client().getAddress();
    SessionServices services = session.services();
    String who = credentials.authenticationId();
    return new Effect.Async(services.authenticator().authenticate(credentials, client).handle((outcome, error) -> () -> {
      Arrays.fill(credentials.password(), '\0');
      if (outcome instanceof AuthOutcome.Success success) {
        services.authThrottle().recordSuccess(client);
        session.authenticated(success.user());
        LOG.info("session={} client={} event=auth-ok user={}", session.id(), session.client(), success.user());
        return new Effect.Reply(SmtpReply.of(235, "2.7.0", "Authentication successful"));
      }
      String reason = error != null ? error.toString() : ((AuthOutcome.Failure) outcome).reasonForLog();
      Duration delay = services.authThrottle().delayBeforeFailureReply(client);
      services.authThrottle().recordFailure(client);
      LOG.warn("session={} client={} event=auth-failed authcid=\"{}\" reason=\"{}\" delay={}ms", session.id(),
          session.client(), who.replaceAll("[^\\x21-\\x7e]", "?"), reason, delay.toMillis());
      return new Effect.Delayed(delay,
          session.error(SmtpReply.of(535, "5.7.8", "Authentication credentials invalid")));
    }));
  }
}
