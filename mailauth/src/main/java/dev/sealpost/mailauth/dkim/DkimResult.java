package dev.sealpost.mailauth.dkim;

import java.util.Locale;
import java.util.Objects;

/**
 * The verdict on one DKIM-Signature (RFC 6376 §6.1, in RFC 8601's vocabulary).
 *
 * @param domain the d= domain ("" when the field was too broken to tell)
 * @param selector the s= selector
 * @param algorithm the a= value
 * @param signaturePrefix the first 8 characters of b=, for header.b in Authentication-Results (RFC 6008)
 * @param reason why, for logs and the Authentication-Results comment
 * @param unsignedContent the l= tag left part of the body unsigned: the signature covers only a prefix
 *     of what was received, so content after it may have been added by anyone
 */
public record DkimResult(Status status, String domain, String selector, String algorithm, String signaturePrefix,
    String reason, boolean unsignedContent) {

  public enum Status {
    PASS, FAIL, NEUTRAL, TEMPERROR, PERMERROR;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DkimResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(signaturePrefix, "signaturePrefix");
    Objects.requireNonNull(reason, "reason");
  }
}
