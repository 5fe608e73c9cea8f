package dev.sealpost.mailauth.results;

import dev.sealpost.mailauth.dkim.DkimResult;
import dev.sealpost.mailauth.dmarc.DmarcResult;
import dev.sealpost.mailauth.spf.SpfOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Authentication-Results header field (RFC 8601) a receiver adds: one resinfo per method, with the
 * properties RFC 8601 §2.7 defines (smtp.mailfrom, smtp.helo, header.d, header.s, header.b, header.from).
 * Every value that came from the message or DNS is made a token or a quoted-string, so nothing in it
 * can end the field or start another.
 */
public final class AuthenticationResults {

  /** RFC 2045 token characters (no tspecials such as "/" or "="): anything else is quoted. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!#$%&'*+\\-.^_`{|}~@]{1,255}");

  private AuthenticationResults() {}

  /**
   * The whole field, folded, ending in CRLF.
   *
   * @param helo the HELO identity's SPF result, when it was checked
   */
  public static String header(String authservId, Optional<SpfOutcome> mailFrom, Optional<SpfOutcome> helo,
      List<DkimResult> dkim, Optional<DmarcResult> dmarc) {
    List<String> results = new ArrayList<>();
    mailFrom.ifPresent(s -> results.add("spf=" + s.result().token() + " smtp.mailfrom=" + value(s.domain())));
    helo.ifPresent(s -> results.add("spf=" + s.result().token() + " smtp.helo=" + value(s.domain())));
    for (DkimResult d : dkim) {
      StringBuilder r = new StringBuilder("dkim=").append(d.status().token());
      if (!d.reason().isEmpty() && d.status() != DkimResult.Status.PASS || d.unsignedContent()) {
        r.append(" reason=").append(quoted(d.reason()));
      }
      if (!d.domain().isEmpty()) {
        r.append(" header.d=").append(value(d.domain()));
      }
      if (!d.selector().isEmpty()) {
        r.append(" header.s=").append(value(d.selector()));
      }
      if (!d.algorithm().isEmpty()) {
        r.append(" header.a=").append(value(d.algorithm()));
      }
      if (!d.signaturePrefix().isEmpty()) {
        r.append(" header.b=").append(value(d.signaturePrefix()));
      }
      results.add(r.toString());
    }
    dmarc.ifPresent(d -> results.add("dmarc=" + d.status().token()
        + d.appliedPolicy().map(p -> " policy.dmarc=" + p.token()).orElse("")
        + " header.from=" + value(d.fromDomain())));
    StringBuilder field = new StringBuilder("Authentication-Results: ").append(value(authservId));
    if (results.isEmpty()) {
      return field.append("; none\r\n").toString();
    }
    for (String r : results) {
      field.append(";\r\n\t").append(r);
    }
    return field.append("\r\n").toString();
  }

  /** A property value: a token as is, anything else a quoted-string without control characters. */
  static String value(String v) {
    return TOKEN.matcher(v).matches() ? v : quoted(v);
  }

  static String quoted(String v) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : v.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        out.append(' '); // CR, LF and other controls: never into a header
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
      if (out.length() > 200) {
        out.append("...");
        break;
      }
    }
    return out.append('"').toString();
  }

  /**
   * Whether an Authentication-Results field value claims to come from {@code authservId} (RFC 8601 §5:
   * a receiver removes such fields arriving from outside, since they would be forgeries). The id may
   * follow comments and whitespace, be quoted, and carry a version after it.
   */
  public static boolean claims(String fieldValue, String authservId) {
    String v = fieldValue.replace("\r\n", "");
    int i = skipCfws(v, 0);
    String id;
    if (i < v.length() && v.charAt(i) == '"') {
      int end = v.indexOf('"', i + 1);
      id = end < 0 ? v.substring(i + 1) : v.substring(i + 1, end);
    } else {
      int end = i;
      while (end < v.length() && ";( \t".indexOf(v.charAt(end)) < 0) {
        end++;
      }
      id = v.substring(i, end);
    }
    return id.toLowerCase(Locale.ROOT).equals(authservId.toLowerCase(Locale.ROOT));
  }

  private static int skipCfws(String v, int i) {
    int depth = 0;
    while (i < v.length()) {
      char c = v.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && depth > 0) {
        depth--;
      } else if (c == '\\' && depth > 0) {
        i++;
      } else if (depth == 0 && c != ' ' && c != '\t') {
        return i;
      }
      i++;
    }
    return i;
  }
}
