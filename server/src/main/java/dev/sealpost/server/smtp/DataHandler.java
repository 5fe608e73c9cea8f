package dev.sealpost.server.smtp;

import dev.sealpost.protocol.BodySink;
import dev.sealpost.protocol.DataFramer;
import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.spi.MessageWriter;
import java.util.Optional;

/** DATA (RFC 5321 §4.1.1.4): 354, then the content is framed by {@link DataFramer}. */
final class DataHandler implements CommandHandler<SmtpCommand.Data> {

  @Override
  public Effect handle(SmtpCommand.Data command, SmtpSession session) {
    Optional<SmtpReply> refused = MessageStart.check(session);
    if (refused.isPresent()) {
      return session.error(refused.get());
    }
    Transaction t = session.transaction().orElseThrow();
    if (t.writer().isPresent()) {
      return session.error(SmtpReply.of(503, "5.5.1", "DATA not allowed after BDAT"));
    }
    Optional<MessageWriter> writer = MessageStart.open(session, t);
    if (writer.isEmpty()) {
      session.abortTransaction();
      return new Effect.Reply(Replies.TEMP_FAILURE);
    }
    BodySink sink = writer.get();
    session.mode(new InputMode.Data(new DataFramer(sink, session.services().config().limits().maxMessageSize())));
    return new Effect.Reply(SmtpReply.withoutStatus(354, "End data with <CR><LF>.<CR><LF>"));
  }
}
