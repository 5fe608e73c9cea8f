package dev.sealpost.client;

/**
 * One connection held by the caller for several messages (a batch job, a relay draining a queue for one
 * host). Messages are sent one after another with RSET between them. Not thread-safe; close it to QUIT.
 */
public final class SmtpSession implements AutoCloseable {

  private final SmtpConnection connection;

  SmtpSession(SmtpConnection connection) {
    this.connection = connection;
  }

  /** Sends one message; a refusal of this message leaves the session usable for the next. */
  public SendResult send(Mail mail) {
    return connection.send(mail);
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  public TlsEvidence tls() {
    return connection.evidence();
  }

  @Override
  public void close() {
    connection.close();
  }
}
