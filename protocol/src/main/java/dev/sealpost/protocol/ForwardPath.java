package dev.sealpost.protocol;

import java.util.Objects;

/**
 * The forward-path of RCPT TO (RFC 5321 §4.1.1.3): a mailbox, or the bare {@code <Postmaster>} that
 * every server must accept without a domain (§4.5.1).
 */
public sealed interface ForwardPath {

  boolean needsSmtpUtf8();

  /** {@code <mailbox>}. */
  record To(Mailbox mailbox) implements ForwardPath {
    public To {
      Objects.requireNonNull(mailbox, "mailbox");
    }

    @Override
    public boolean needsSmtpUtf8() {
      return mailbox.needsSmtpUtf8();
    }

    @Override
    public String toString() {
      return "<" + mailbox + ">";
    }
  }

  /** {@code <Postmaster>}, matched case-insensitively. */
  record Postmaster() implements ForwardPath {
    @Override
    public boolean needsSmtpUtf8() {
      return false;
    }

    @Override
    public String toString() {
      return "<Postmaster>";
    }
  }
}
