package dev.sealpost.client;

import dev.sealpost.protocol.DsnNotify;
import dev.sealpost.protocol.Mailbox;
import dev.sealpost.protocol.OriginalRecipient;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A forward-path with its RFC 3461 DSN parameters.
 *
 * @param mailbox the recipient
 * @param notifyOn NOTIFY= values; empty means the parameter is not sent
 * @param originalRecipient ORCPT=, for a relay passing on the original address
 */
public record Recipient(Mailbox mailbox, Set<DsnNotify> notifyOn, Optional<OriginalRecipient> originalRecipient) {

  public Recipient {
    Objects.requireNonNull(mailbox, "mailbox");
    notifyOn = notifyOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(notifyOn));
    Objects.requireNonNull(originalRecipient, "originalRecipient");
    if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
      throw new IllegalArgumentException("NOTIFY=NEVER excludes other values (RFC 3461 §4.1): " + notifyOn);
    }
  }

  /** A recipient from text; CR, LF and NUL are refused (command injection), the syntax is RFC 5321's. */
  public static Recipient of(String address) {
    return new Recipient(Addresses.mailbox(address), Set.of(), Optional.empty());
  }

  public static Recipient of(Mailbox mailbox) {
    return new Recipient(mailbox, Set.of(), Optional.empty());
  }

  public Recipient withNotify(Set<DsnNotify> values) {
    return new Recipient(mailbox, values, originalRecipient);
  }

  public Recipient withOriginalRecipient(OriginalRecipient orcpt) {
    return new Recipient(mailbox, notifyOn, Optional.of(orcpt));
  }

  boolean hasDsnParameters() {
    return !notifyOn.isEmpty() || originalRecipient.isPresent();
  }
}
