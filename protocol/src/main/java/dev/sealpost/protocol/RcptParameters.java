package dev.sealpost.protocol;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ESMTP parameters of RCPT TO that we understand: NOTIFY and ORCPT of RFC 3461 (DSN).
 *
 * @param notifyOn the NOTIFY= values; empty when the parameter was not given. (Not named
 *     {@code notify}: that would clash with {@link Object#notify()}.)
 * @param orcpt the ORCPT= value
 */
public record RcptParameters(Set<DsnNotify> notifyOn, Optional<OriginalRecipient> orcpt) {

  /** No parameters at all. */
  public static final RcptParameters NONE = new RcptParameters(Set.of(), Optional.empty());

  public RcptParameters {
    Objects.requireNonNull(orcpt, "orcpt");
    notifyOn = notifyOn.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(notifyOn));
    if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
      throw new IllegalArgumentException("NOTIFY=NEVER excludes other values: " + notifyOn);
    }
  }
}
