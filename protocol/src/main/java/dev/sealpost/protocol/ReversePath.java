package dev.sealpost.protocol;

import java.util.Objects;
import java.util.Optional;

/**
 * The reverse-path of MAIL FROM (RFC 5321 §4.1.2): a mailbox, or the null path {@code <>} used by
 * bounces and other notifications (§4.5.5).
 */
public record ReversePath(Optional<Mailbox> mailbox) {

  /** The null reverse-path {@code <>}. */
  public static final ReversePath NULL = new ReversePath(Optional.empty());

  public ReversePath {
    Objects.requireNonNull(mailbox, "mailbox");
  }

  public static ReversePath of(Mailbox mailbox) {
    return new ReversePath(Optional.of(mailbox));
  }

  public boolean isNull() {
    return mailbox.isEmpty();
  }

  public boolean needsSmtpUtf8() {
    return mailbox.map(Mailbox::needsSmtpUtf8).orElse(false);
  }

  /** {@code <>} or {@code <user@example.com>}. */
  @Override
  public String toString() {
    return "<" + mailbox.map(Mailbox::toString).orElse("") + ">";
  }
}
