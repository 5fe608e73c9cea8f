package dev.sealpost.client;

import java.time.Duration;
import java.time.Instant;

/**
 * An open, ready connection that carries any number of transactions, one at a time, with RSET between
 * them (RFC 5321 §4.1.1.5). Not thread-safe: the pool hands it to one sender at a time.
 */
final class SmtpConnection implements AutoCloseable {

  private final SmtpChannel channel;
  private final EhloCapabilities capabilities;
  private final Timeouts timeouts;
  private final boolean dropUnsupportedDsn;
  private boolean used;
  private int transactions;
  private Instant lastUsed = Instant.now();

  SmtpConnection(SmtpChannel channel, EhloCapabilities capabilities, Timeouts timeouts, boolean dropUnsupportedDsn) {
    this.channel = channel;
    this.capabilities = capabilities;
    this.timeouts = timeouts;
    this.dropUnsupportedDsn = dropUnsupportedDsn;
  }

  SendResult send(Mail mail) {
    if (!channel.isOpen()) {
      throw new ConnectionException("connection to " + channel.destination() + " is closed", (Throwable) null);
    }
    try {
      if (used) {
        var reply = channel.command("RSET", timeouts.command());
        if (reply.code() != 250) {
          channel.close();
          throw new ProtocolException(channel.destination() + " answered RSET with " + Replies.oneLine(reply), reply);
        }
      }
      used = true;
      transactions++;
      return Transaction.run(channel, capabilities, timeouts, mail, dropUnsupportedDsn);
    } catch (ConnectionException | SmtpTimeoutException | ProtocolException | TlsException e) {
      channel.close();
      throw e;
    } finally {
      lastUsed = Instant.now();
    }
  }

  /** NOOP (RFC 5321 §4.1.1.9) as a health check; false (and closed) when the server is gone. */
  boolean noop(Duration timeout) {
    try {
      boolean ok = channel.command("NOOP", timeout).code() == 250;
      if (!ok) {
        channel.close();
      }
      return ok;
    } catch (SmtpClientException e) {
      channel.close();
      return false;
    }
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  Instant lastUsed() {
    return lastUsed;
  }

  int transactions() {
    return transactions;
  }

  TlsEvidence evidence() {
    return channel.evidence();
  }

  Destination destination() {
    return channel.destination();
  }

  /** QUIT politely (RFC 5321 §4.1.1.10), then close whatever the answer. */
  @Override
  public void close() {
    if (channel.isOpen()) {
      try {
        channel.command("QUIT", Duration.ofSeconds(5).compareTo(timeouts.command()) < 0
            ? Duration.ofSeconds(5) : timeouts.command());
      } catch (SmtpClientException ignored) {
        // closing anyway
      }
    }
    channel.close();
  }
}
