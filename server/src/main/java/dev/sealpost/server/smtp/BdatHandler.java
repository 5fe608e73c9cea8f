package dev.sealpost.server.smtp;

import dev.sealpost.protocol.BodySink;
import dev.sealpost.protocol.BodyType;
import dev.sealpost.protocol.ChunkFramer;
import dev.sealpost.protocol.DataFramer;
import dev.sealpost.protocol.SmtpCommand;
import dev.sealpost.protocol.SmtpReply;
import dev.sealpost.server.spi.MessageWriter;
import java.util.Optional;

/**
 * BDAT (RFC 3030). The chunk's octets follow the command whatever the reply will be, so even a refused
 * BDAT reads and discards exactly that many octets: otherwise they would be taken as commands.
 */
final class BdatHandler implements CommandHandler<SmtpCommand.Bdat> {

  @Override
  public Effect handle(SmtpCommand.Bdat command, SmtpSession session) {
    Optional<SmtpReply> refused = MessageStart.check(session);
    if (refused.isPresent()) {
      return refuseChunk(session, command, refused.get());
    }
    Transaction t = session.transaction().orElseThrow();
    ChunkFramer framer = t.chunks().orElse(null);
    if (framer == null) {
      Optional<MessageWriter> writer = MessageStart.open(session, t);
      if (writer.isEmpty()) {
        session.abortTransaction();
        return refuseChunk(session, command, Replies.TEMP_FAILURE);
      }
      framer = new ChunkFramer(writer.get(), session.services().config().limits().maxMessageSize(),
          t.parameters().body() == BodyType.BINARY_MIME);
      t.chunks(framer);
    }
    framer.startChunk(command.chunkSize());
    session.mode(new InputMode.Chunk(framer, command.last()));
    return new Effect.Continue();
  }

  /** Reads and drops the chunk's octets, then answers with {@code reply}. */
  static Effect refuseChunk(SmtpSession session, SmtpCommand.Bdat command, SmtpReply reply) {
    ChunkFramer discard = new ChunkFramer(BodySink.DISCARD, Long.MAX_VALUE, true);
    discard.startChunk(command.chunkSize());
    session.refuseChunkWith(reply);
    session.mode(new InputMode.Chunk(discard, command.last()));
    return new Effect.Continue();
  }

  static Effect chunkComplete(SmtpSession session, InputMode.Chunk chunk) {
    Optional<SmtpReply> refusal = session.takeChunkRefusal();
    if (refusal.isPresent()) {
      return session.error(refusal.get());
    }
    ChunkFramer framer = chunk.framer();
    if (!chunk.last()) {
      if (framer.outcome() != DataFramer.Outcome.OK) {
        // Report at once; the client may still send the remaining chunks, which are refused too.
        return MessageCompletion.complete(session, framer.outcome());
      }
      return new Effect.Reply(SmtpReply.of(250, "2.0.0", framer.size() + " octets received"));
    }
    return MessageCompletion.complete(session, framer.finish());
  }
}
