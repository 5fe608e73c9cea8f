package dev.sealpost.server.smtp;

import dev.sealpost.protocol.DataFramer;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.spi.MessageWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of DATA or of the last BDAT chunk: refuse a message the framer flagged, or commit it and
 * answer 250 only once the spool reports it durable.
 */
final class MessageCompletion {
  private static final Logger LOG = LoggerFactory.getLogger(MessageCompletion.class);

  private MessageCompletion() {}

  static Effect complete(SmtpSession session, DataFramer.Outcome outcome) {
    Transaction t = session.transaction().orElse(null);
    if (t == null || t.writer().isEmpty()) {
      return session.error(Replies.BAD_SEQUENCE_MAIL);
    }
    if (outcome != DataFramer.Outcome.OK) {
      LOG.warn("session={} client={} event=message-refused reason={}", session.id(), session.client(), outcome);
      session.abortTransaction();
      return new Effect.Reply(refusal(outcome));
    }
    MessageWriter writer = t.writer().get();
    String id = t.queueId();
    session.endTransaction();
    return new Effect.Async(writer.commit().handle((queued, failure) -> () -> {
      Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
          ? c.getCause() : failure;
      if (cause instanceof dev.sealpost.server.spi.MessageRefusedException refused) {
        LOG.info("session={} client={} queue={} event=message-refused-after-checks reply=\"{}\"", session.id(),
            session.client(), id, refused.reply().toString().strip());
        return new Effect.Reply(refused.reply());
      }
      if (failure != null) {
        LOG.error("session={} queue={} event=commit-failed error=\"{}\"", session.id(), id, failure.toString());
        writer.abort();
        return new Effect.Reply(Replies.TEMP_FAILURE);
      }
      LOG.info("session={} client={} queue={} event=queued from=<{}> rcpts={} user={} tls={}", session.id(),
          session.client(), queued, t.reversePath().mailbox().map(Object::toString).orElse(""),
          t.recipients().size(), session.user().orElse("-"), session.tls().map(Object::toString).orElse("none"));
      return new Effect.Reply(SmtpReply.of(250, "2.0.0", "OK: queued as " + queued));
    }));
  }

  static SmtpReply refusal(DataFramer.Outcome outcome) {
    return switch (outcome) {
      case BARE_NEWLINE -> SmtpReply.of(550, "5.5.2",
          "Message refused: bare CR or LF received; lines must end with CRLF (RFC 5321 2.3.8)");
      case NUL -> SmtpReply.of(550, "5.6.0", "Message refused: NUL octet in message");
      case LINE_TOO_LONG -> SmtpReply.of(550, "5.6.0",
          "Message refused: line longer than 998 octets (RFC 5321 4.5.3.1.6)");
      case TOO_LARGE -> Replies.TOO_BIG;
      case OK -> throw new IllegalArgumentException("not a refusal");
    };
  }
}
