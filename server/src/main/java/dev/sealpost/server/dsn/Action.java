package dev.sealpost.server.dsn;

/** The Action field of a per-recipient DSN block (RFC 3464 §2.3.3). */
public enum Action {
  /** Could not be delivered and will not be tried again. */
  FAILED,
  /** Not delivered yet; still being retried. */
  DELAYED,
  /** Delivered to the recipient's mailbox. */
  DELIVERED,
  /** Handed to a server that does not offer DSN, so no further report will come (RFC 3461 §6.2.6). */
  RELAYED,
  /** Delivered to a list or alias that expanded it; no further report will come. */
  EXPANDED;

  /** The field value, e.g. {@code failed}. */
  public String token() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The status class this action goes with: 5 (or 4, for retries given up), 4, or 2. */
  boolean fits(int statusClass) {
    return switch (this) {
      case FAILED -> statusClass == 5 || statusClass == 4;
      case DELAYED -> statusClass == 4;
      case DELIVERED, RELAYED, EXPANDED -> statusClass == 2;
    };
  }
}
