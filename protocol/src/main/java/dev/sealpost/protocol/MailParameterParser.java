package dev.sealpost.protocol;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Reads the ESMTP parameters of MAIL FROM into {@link MailParameters}, refusing bad values with 501. */
final class MailParameterParser {

  private static final Set<String> KNOWN =
      Set.of("SIZE", "BODY", "SMTPUTF8", "RET", "ENVID", "AUTH", "REQUIRETLS");

  private MailParameterParser() {}

  static MailParameters parse(String text) {
    OptionalLong size = OptionalLong.empty();
    BodyType body = BodyType.SEVEN_BIT;
    boolean smtpUtf8 = false;
    boolean requireTls = false;
    Optional<DsnRet> ret = Optional.empty();
    Optional<String> envId = Optional.empty();
    Optional<String> auth = Optional.empty();
    for (EsmtpParameter p : EsmtpParameter.split(text, KNOWN)) {
      switch (p.keyword()) {
        case "SIZE" -> size = OptionalLong.of(size(p.required()));
        case "BODY" -> body = body(p.required());
        case "SMTPUTF8" -> {
          p.noValue();
          smtpUtf8 = true;
        }
        case "RET" -> ret = Optional.of(ret(p.required()));
        case "ENVID" -> envId = Optional.of(envId(p.required()));
        case "AUTH" -> auth = Optional.of(auth(p.required()));
        case "REQUIRETLS" -> {
          p.noValue();
          requireTls = true;
        }
        default -> throw new IllegalStateException("Known but unhandled: " + p.keyword());
      }
    }
    return new MailParameters(size, body, smtpUtf8, ret, envId, auth, requireTls);
  }

  /** RFC 1870 §3: size-value = 1*20DIGIT; we also need it to fit a long. */
  private static long size(String value) {
    if (!Ascii.isDigits(value) || value.length() > 20) {
      throw Rejection.badParameter("SIZE");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw Rejection.badParameter("SIZE");
    }
  }

  private static BodyType body(String value) {
    return switch (Ascii.upper(value)) {
      case "7BIT" -> BodyType.SEVEN_BIT;
      case "8BITMIME" -> BodyType.EIGHT_BIT_MIME;
      case "BINARYMIME" -> BodyType.BINARY_MIME;
      default -> throw Rejection.badParameter("BODY");
    };
  }

  private static DsnRet ret(String value) {
    return switch (Ascii.upper(value)) {
      case "FULL" -> DsnRet.FULL;
      case "HDRS" -> DsnRet.HDRS;
      default -> throw Rejection.badParameter("RET");
    };
  }

  /** RFC 3461 §4.4: xtext of at most 100 characters, decoding to printable US-ASCII. */
  private static String envId(String value) {
    String decoded = decode(value, "ENVID");
    if (value.length() > 100 || !decoded.chars().allMatch(c -> c >= 32 && c <= 126)) {
      throw Rejection.badParameter("ENVID");
    }
    return decoded;
  }

  /** RFC 4954 §5: AUTH=xtext of an addr-spec, or "<>". */
  private static String auth(String value) {
    String decoded = decode(value, "AUTH");
    if (decoded.isEmpty() || Ascii.hasControl(decoded)) {
      throw Rejection.badParameter("AUTH");
    }
    return decoded;
  }

  static String decode(String value, String keyword) {
    try {
      return Xtext.decode(value);
    } catch (IllegalArgumentException e) {
      throw Rejection.badParameter(keyword);
    }
  }
}
