package dev.sealpost.server.outbound.tlsrpt;

import java.util.Objects;
import java.util.Optional;

/**
 * One kind of failed session, as a TLS report's {@code failure-details} entry groups them
 * (RFC 8460 §4.4): sessions with equal details are counted together.
 *
 * @param resultType what failed
 * @param sendingMtaIp our address the session came from (IP literal)
 * @param receivingMxHostname the MX host name we tried
 * @param receivingIp the MX's address (IP literal)
 * @param failureReasonCode free text for the recipient's operators, e.g. a TLS alert or a
 *     certificate error; never message content
 */
public record FailureDetail(ResultType resultType, Optional<String> sendingMtaIp, Optional<String> receivingMxHostname,
    Optional<String> receivingIp, Optional<String> failureReasonCode) {

  public FailureDetail {
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(sendingMtaIp, "sendingMtaIp");
    Objects.requireNonNull(receivingMxHostname, "receivingMxHostname");
    Objects.requireNonNull(receivingIp, "receivingIp");
    Objects.requireNonNull(failureReasonCode, "failureReasonCode");
  }

  /** A failure with every field known. */
  public static FailureDetail of(ResultType resultType, String sendingMtaIp, String receivingMxHostname,
      String receivingIp, String failureReasonCode) {
    return new FailureDetail(resultType, Optional.of(sendingMtaIp), Optional.of(receivingMxHostname),
        Optional.of(receivingIp), Optional.of(failureReasonCode));
  }
}
