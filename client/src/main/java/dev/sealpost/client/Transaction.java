package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction (RFC 5321 §3.3): MAIL, RCPT for each recipient, DATA, content. With PIPELINING
 * (RFC 2920 §3.1) MAIL, the RCPTs and DATA go out as one group and the replies are read in order;
 * without it, each command waits for its reply.
 */
final class Transaction {

  private final SmtpChannel channel;
  private final Timeouts timeouts;
  private final Mail mail;

  private Transaction(SmtpChannel channel, Timeouts timeouts, Mail mail) {
    this.channel = channel;
    this.timeouts = timeouts;
    this.mail = mail;
  }

  static SendResult run(SmtpChannel channel, EhloCapabilities caps, Timeouts timeouts, Mail mail,
      boolean dropUnsupportedDsn) {
    MailCommands.MailOptions options = TransactionPlan.plan(caps, mail, channel.isTls(), channel.destination(),
        dropUnsupportedDsn);
    Transaction t = new Transaction(channel, timeouts, mail);
    return caps.has("PIPELINING") ? t.pipelined(options) : t.stepwise(options);
  }

  private SendResult pipelined(MailCommands.MailOptions options) {
    channel.write(MailCommands.mail(mail.envelope(), options));
    mail.envelope().recipients().forEach(r -> channel.write(MailCommands.rcpt(r, options)));
    channel.write("DATA");
    channel.flush();
    SmtpReply mailReply = channel.read("reply to MAIL FROM", timeouts.command());
    List<RecipientResult> results = readRecipientReplies();
    SmtpReply dataReply = channel.read("reply to DATA", timeouts.dataInitiation());
    boolean anyAccepted = results.stream().anyMatch(RecipientResult::accepted);
    if (dataReply.code() == 354 && (!mailReply.isPositive() || !anyAccepted)) {
      // RFC 2920 §3.1: the server opened DATA although the transaction failed; close it with an empty message.
      sendEmptyData();
    }
    checkMail(mailReply, options);
    checkRecipients(results);
    checkData(dataReply, results);
    return sendContent(results, options);
  }

  private SendResult stepwise(MailCommands.MailOptions options) {
    checkMail(channel.command(MailCommands.mail(mail.envelope(), options), timeouts.command()), options);
    List<RecipientResult> results = new ArrayList<>();
    for (Recipient r : mail.envelope().recipients()) {
      results.add(new RecipientResult(r.mailbox(), channel.command(MailCommands.rcpt(r, options), timeouts.command())));
    }
    checkRecipients(results);
    channel.write("DATA");
    channel.flush();
    checkData(channel.read("reply to DATA", timeouts.dataInitiation()), results);
    return sendContent(results, options);
  }

  private List<RecipientResult> readRecipientReplies() {
    List<RecipientResult> results = new ArrayList<>();
    for (Recipient r : mail.envelope().recipients()) {
      results.add(new RecipientResult(r.mailbox(), channel.read("reply to RCPT TO", timeouts.command())));
    }
    return results;
  }

  private void checkMail(SmtpReply reply, MailCommands.MailOptions options) {
    if (reply.code() / 100 == 2) {
      return;
    }
    if (reply.code() == 552 || reply.status().map(s -> s.subject() == 3 && s.detail() == 4).orElse(false)) {
      long size = options.size().orElse(-1);
      throw new MessageTooLargeException(channel.destination() + " refused MAIL FROM as too large: "
          + Replies.oneLine(reply), size, -1, reply);
    }
    throw new SenderRejectedException(channel.destination() + " refused MAIL FROM:" + mail.envelope().reversePath()
        + ": " + Replies.oneLine(reply), reply);
  }

  private void checkRecipients(List<RecipientResult> results) {
    if (results.stream().noneMatch(RecipientResult::accepted)) {
      throw new RecipientsRejectedException(channel.destination() + " refused every recipient: " + results, results);
    }
  }

  private void checkData(SmtpReply reply, List<RecipientResult> results) {
    if (reply.code() != 354) {
      throw new MessageRejectedException(channel.destination() + " refused DATA: " + Replies.oneLine(reply), reply,
          results);
    }
  }

  private void sendEmptyData() {
    channel.write(".");
    channel.flush();
    channel.read("reply to an empty message", timeouts.dataTermination());
  }

  private SendResult sendContent(List<RecipientResult> results, MailCommands.MailOptions options) {
    channel.setWriteTimeout(timeouts.dataBlock());
    DataEncoder encoder = DataEncoder.forData(channel.dataStream());
    byte[] chunk = new byte[16 * 1024];
    InputStream in = mail.content().open(); // the caller's stream: read, never closed here
    try {
      int n;
      while ((n = readContent(in, chunk)) > 0) {
        encoder.write(chunk, 0, n);
      }
      encoder.finish();
    } catch (IOException e) {
      throw channel.lost("sending message content", e);
    }
    channel.setWriteTimeout(timeouts.command());
    SmtpReply reply = channel.read("reply to end of data", timeouts.dataTermination());
    if (reply.code() / 100 != 2) {
      if (reply.code() == 552) {
        throw new MessageTooLargeException(channel.destination() + " refused the message as too large: "
            + Replies.oneLine(reply), mail.content().size().orElse(-1), -1, reply);
      }
      throw new MessageRejectedException(channel.destination() + " refused the message: " + Replies.oneLine(reply),
          reply, results);
    }
    boolean dsnDropped = !options.dsn() && mail.envelope().hasDsnParameters();
    return new SendResult(channel.destination(), results, reply, channel.evidence(), dsnDropped);
  }

  /**
   * Reads the caller's content. If that fails the connection is closed without the final dot, so a
   * truncated message is never delivered.
   */
  private int readContent(InputStream in, byte[] chunk) {
    try {
      return in.read(chunk);
    } catch (IOException e) {
      channel.close();
      throw new UncheckedIOException("reading the message content failed; the connection to "
          + channel.destination() + " was closed without ending DATA: " + e.getMessage(), e);
    }
  }
}
