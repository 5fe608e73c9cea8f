package dev.sealpost.server.outbound.mtasts;

import java.util.Optional;

/** The {@code mode} of an MTA-STS policy (RFC 8461 §3.2, §5). */
public enum StsMode {
  /** Deliver only to permitted MX hosts over TLS with a valid certificate; otherwise defer. */
  ENFORCE("enforce"),
  /** Check as for enforce and report failures (TLS-RPT), but deliver anyway. */
  TESTING("testing"),
  /** No MTA-STS: the domain has no policy, or asks senders to forget it. */
  NONE("none");

  private final String wireName;

  StsMode(String wireName) {
    this.wireName = wireName;
  }

  /** The value as it appears in the policy file. */
  public String wireName() {
    return wireName;
  }

  /** The mode for a policy value; case-sensitive, as the RFC's ABNF ({@code %s"enforce"}). */
  public static Optional<StsMode> fromWireName(String value) {
    for (StsMode mode : values()) {
      if (mode.wireName.equals(value)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }
}
