package dev.sealpost.server.spool;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One forward-path of the envelope with its DSN parameters (RFC 3461 §4.1, §4.2).
 *
 * @param local true when this server delivers it to a local Maildir, false when it is relayed onwards
 * @param dsnNotify the NOTIFY values, NEVER, SUCCESS, FAILURE and/or DELAY; empty when the client gave
 *     none. (Not named {@code notify}: a record component may not hide {@link Object#notify()}.)
 * @param orcpt the ORCPT value as "addr-type;address", e.g. "rfc822;bob@example.org"
 */
public record EnvelopeRecipient(String address, boolean local, List<String> dsnNotify, Optional<String> orcpt) {

  private static final Set<String> NOTIFY_VALUES = Set.of("NEVER", "SUCCESS", "FAILURE", "DELAY");

  public EnvelopeRecipient {
    Objects.requireNonNull(address, "address");
    dsnNotify = List.copyOf(Objects.requireNonNull(dsnNotify, "dsnNotify"));
    Objects.requireNonNull(orcpt, "orcpt");
    if (address.isEmpty()) {
      throw new IllegalArgumentException("recipient address is empty");
    }
    for (String n : dsnNotify) {
      if (!NOTIFY_VALUES.contains(n)) {
        throw new IllegalArgumentException("notify must be one of " + NOTIFY_VALUES + ": " + n);
      }
    }
  }
}
