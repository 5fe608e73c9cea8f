package dev.sealpost.client;

import dev.sealpost.protocol.SmtpReply;

/**
 * The message is larger than the server's SIZE limit (RFC 1870), found before anything was sent, or the
 * server refused it as too large ({@code 552}).
 */
public final class MessageTooLargeException extends SmtpClientException {
  private final long size;
  private final long limit;

  MessageTooLargeException(String message, long size, long limit, SmtpReply reply) {
    super(message, reply, null);
    this.size = size;
    this.limit = limit;
  }

  /** The message size in octets, or -1 when unknown. */
  public long size() {
    return size;
  }

  /** The server's announced limit in octets, or -1 when it announced none. */
  public long limit() {
    return limit;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
