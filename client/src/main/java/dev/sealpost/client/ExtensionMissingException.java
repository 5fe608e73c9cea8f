package dev.sealpost.client;

/**
 * The message needs an SMTP extension the server did not announce (inside TLS), so it was not sent:
 * SMTPUTF8 for UTF-8 addresses or headers, 8BITMIME for 8-bit content, REQUIRETLS, DSN.
 */
public final class ExtensionMissingException extends SmtpClientException {
  private final String extension;

  ExtensionMissingException(String extension, String message) {
    super(message, null, null);
    this.extension = extension;
  }

  /** The EHLO keyword, e.g. {@code "SMTPUTF8"}. */
  public String extension() {
    return extension;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
