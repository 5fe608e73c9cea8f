package dev.sealpost.server.outbound.tlsrpt;

/** The {@code result-type} of a failed session in a TLS report (RFC 8460 §4.3). */
public enum ResultType {
  // §4.3.1 negotiation failures
  STARTTLS_NOT_SUPPORTED("starttls-not-supported"),
  CERTIFICATE_HOST_MISMATCH("certificate-host-mismatch"),
  CERTIFICATE_EXPIRED("certificate-expired"),
  CERTIFICATE_NOT_TRUSTED("certificate-not-trusted"),
  VALIDATION_FAILURE("validation-failure"),
  // §4.3.2 policy failures: DANE
  TLSA_INVALID("tlsa-invalid"),
  DNSSEC_INVALID("dnssec-invalid"),
  DANE_REQUIRED("dane-required"),
  // §4.3.2 policy failures: MTA-STS
  STS_POLICY_FETCH_ERROR("sts-policy-fetch-error"),
  STS_POLICY_INVALID("sts-policy-invalid"),
  STS_WEBPKI_INVALID("sts-webpki-invalid");

  private final String wireName;

  ResultType(String wireName) {
    this.wireName = wireName;
  }

  /** The value in the report's JSON. */
  public String wireName() {
    return wireName;
  }

  /** The type for a JSON value, e.g. from the recorder's journal. */
  public static ResultType fromWireName(String value) {
    for (ResultType type : values()) {
      if (type.wireName.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("not a TLS-RPT result-type: '" + value + "'");
  }
}
