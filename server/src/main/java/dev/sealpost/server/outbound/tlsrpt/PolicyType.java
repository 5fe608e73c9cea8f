package dev.sealpost.server.outbound.tlsrpt;

/** The {@code policy-type} of a TLS report's policy (RFC 8460 §4.4). */
public enum PolicyType {
  STS("sts"),
  TLSA("tlsa"),
  NO_POLICY_FOUND("no-policy-found");

  private final String wireName;

  PolicyType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static PolicyType fromWireName(String value) {
    for (PolicyType type : values()) {
      if (type.wireName.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("not a TLS-RPT policy-type: '" + value + "'");
  }
}
