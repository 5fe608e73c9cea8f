package dev.sealpost.client;

import java.util.Objects;

/** A mail object (RFC 5321 §2.3.1): the envelope and the content. Build one with {@link MimeMail} or by hand. */
public record Mail(Envelope envelope, Content content) {
  public Mail {
    Objects.requireNonNull(envelope, "envelope");
    Objects.requireNonNull(content, "content");
  }

  public static Mail of(Envelope envelope, byte[] message) {
    return new Mail(envelope, Content.of(message));
  }
}
