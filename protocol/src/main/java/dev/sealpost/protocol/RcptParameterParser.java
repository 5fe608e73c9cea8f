package dev.sealpost.protocol;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Reads the ESMTP parameters of RCPT TO into {@link RcptParameters}, refusing bad values with 501. */
final class RcptParameterParser {

  private static final Set<String> KNOWN = Set.of("NOTIFY", "ORCPT");

  private RcptParameterParser() {}

  static RcptParameters parse(String text) {
    Set<DsnNotify> notify = Set.of();
    Optional<OriginalRecipient> orcpt = Optional.empty();
    for (EsmtpParameter p : EsmtpParameter.split(text, KNOWN)) {
      switch (p.keyword()) {
        case "NOTIFY" -> notify = notify(p.required());
        case "ORCPT" -> orcpt = Optional.of(orcpt(p.required()));
        default -> throw new IllegalStateException("Known but unhandled: " + p.keyword());
      }
    }
    return new RcptParameters(notify, orcpt);
  }

  /** RFC 3461 §4.1: "NEVER", or a comma list of SUCCESS, FAILURE and DELAY. */
  private static Set<DsnNotify> notify(String value) {
    EnumSet<DsnNotify> set = EnumSet.noneOf(DsnNotify.class);
    for (String item : value.split(",", -1)) {
      DsnNotify n = switch (Ascii.upper(item)) {
        case "NEVER" -> DsnNotify.NEVER;
        case "SUCCESS" -> DsnNotify.SUCCESS;
        case "FAILURE" -> DsnNotify.FAILURE;
        case "DELAY" -> DsnNotify.DELAY;
        default -> throw Rejection.badParameter("NOTIFY");
      };
      if (!set.add(n)) {
        throw Rejection.badParameter("NOTIFY");
      }
    }
    if (set.contains(DsnNotify.NEVER) && set.size() > 1) {
      throw new Rejection(501, "5.5.4", "NOTIFY=NEVER cannot be combined with other values");
    }
    return set;
  }

  /**
   * RFC 3461 §4.2: {@code addr-type ";" xtext}, at most 500 characters. The utf-8 type uses the
   * utf-8-addr-xtext or utf-8-addr-unitext of RFC 6533 §3 instead of xtext.
   */
  private static OriginalRecipient orcpt(String value) {
    int semicolon = value.indexOf(';');
    if (value.length() > 500 || semicolon <= 0) {
      throw Rejection.badParameter("ORCPT");
    }
    String type = Ascii.lower(value.substring(0, semicolon));
    String encoded = value.substring(semicolon + 1);
    try {
      String address = type.equals("utf-8") ? Xtext.decodeUtf8Address(encoded) : Xtext.decode(encoded);
      return new OriginalRecipient(type, address);
    } catch (IllegalArgumentException e) {
      throw Rejection.badParameter("ORCPT");
    }
  }
}
