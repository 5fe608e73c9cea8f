package dev.sealpost.server.smtp;

import dev.sealpost.protocol.ChunkFramer;
import dev.sealpost.protocol.MailParameters;
import dev.sealpost.protocol.RcptParameters;
import dev.sealpost.protocol.ReversePath;
import dev.sealpost.server.spi.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One mail transaction (RFC 5321 §3.3): from MAIL to the end of DATA, or to RSET. */
final class Transaction {

  /** An accepted forward-path and where it goes. */
  record Recipient(String address, boolean local, RcptParameters parameters) {}

  private final ReversePath reversePath;
  private final MailParameters parameters;
  private final List<Recipient> recipients = new ArrayList<>();
  private MessageWriter writer;
  private String queueId;
  private ChunkFramer chunks;

  Transaction(ReversePath reversePath, MailParameters parameters) {
    this.reversePath = reversePath;
    this.parameters = parameters;
  }

  ReversePath reversePath() {
    return reversePath;
  }

  MailParameters parameters() {
    return parameters;
  }

  List<Recipient> recipients() {
    return recipients;
  }

  void addRecipient(Recipient r) {
    recipients.add(r);
  }

  Optional<MessageWriter> writer() {
    return Optional.ofNullable(writer);
  }

  void startMessage(String id, MessageWriter w) {
    this.queueId = id;
    this.writer = w;
  }

  /** The BDAT framer, kept across the chunks of one message. */
  Optional<ChunkFramer> chunks() {
    return Optional.ofNullable(chunks);
  }

  void chunks(ChunkFramer framer) {
    chunks = framer;
  }

  String queueId() {
    return queueId;
  }

  /** Drops a message in progress; safe to call more than once. */
  void abort() {
    if (writer != null) {
      writer.abort();
      writer = null;
    }
  }
}
