package dev.sealpost.protocol;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ESMTP parameters of MAIL FROM that we understand: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030),
 * SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461), AUTH (RFC 4954 §5) and REQUIRETLS (RFC 8689).
 *
 * @param size the declared message size in octets
 * @param body the declared body type; 7BIT when not given
 * @param envId the xtext-decoded envelope id, printable ASCII
 * @param auth the xtext-decoded AUTH= value: an addr-spec, or "<>"
 */
public record MailParameters(OptionalLong size, BodyType body, boolean smtpUtf8, Optional<DsnRet> ret,
    Optional<String> envId, Optional<String> auth, boolean requireTls) {

  /** No parameters at all. */
  public static final MailParameters NONE = new MailParameters(OptionalLong.empty(), BodyType.SEVEN_BIT, false,
      Optional.empty(), Optional.empty(), Optional.empty(), false);

  public MailParameters {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(ret, "ret");
    Objects.requireNonNull(envId, "envId");
    Objects.requireNonNull(auth, "auth");
    if (size.isPresent() && size.getAsLong() < 0) {
      throw new IllegalArgumentException("SIZE must not be negative: " + size.getAsLong());
    }
    // These values reach the spool and DSN headers: no line breaks or other controls.
    envId.filter(Ascii::hasControl).ifPresent(v -> {
      throw new IllegalArgumentException("ENVID contains a control character: " + Ascii.show(v));
    });
    auth.filter(Ascii::hasControl).ifPresent(v -> {
      throw new IllegalArgumentException("AUTH= contains a control character: " + Ascii.show(v));
    });
  }
}
