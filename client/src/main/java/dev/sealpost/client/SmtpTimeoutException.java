package dev.sealpost.client;

/** The server did not answer, or did not read, within the timeout for the current phase. */
public final class SmtpTimeoutException extends SmtpClientException {
  private final String phase;

  SmtpTimeoutException(String message, String phase, Throwable cause) {
    super(message, null, cause);
    this.phase = phase;
  }

  /** What the client was waiting for, e.g. {@code "reply to RCPT TO"} or {@code "connect"}. */
  public String phase() {
    return phase;
  }
}
