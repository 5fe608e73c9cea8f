package dev.sealpost.server.outbound.mtasts;

import dev.sealpost.server.outbound.PolicySyntaxException;
import dev.sealpost.server.outbound.TxtFields;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses an MTA-STS policy file (RFC 8461 §3.2): {@code key: value} lines ended by LF or CRLF.
 * version, mode and max_age are required exactly once, mx at least once unless mode is none;
 * unknown keys are ignored when well-formed. Values are case-sensitive, as in the RFC's ABNF.
 */
public final class StsPolicyParser {

  /** RFC 8461 §3.2: max_age is at most 31557600 seconds (about a year). */
  public static final long MAX_AGE_LIMIT = 31_557_600;
  /** RFC 8461 §3.3 lets senders cap the policy's size; 64 KiB is what is commonly used. */
  public static final int MAX_POLICY_BYTES = 64 * 1024;

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");
  /** {@code sts-policy-vchar *(*WSP sts-policy-vchar)}: visible ASCII, inner spaces allowed. */
  private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7E]([\\x21-\\x7E \\t]*[\\x21-\\x7E])?");

  private StsPolicyParser() {}

  /**
   * @throws PolicySyntaxException naming the line or field at fault
   */
  public static StsPolicy parse(String text) {
    if (text.length() > MAX_POLICY_BYTES) {
      throw new PolicySyntaxException("policy longer than " + MAX_POLICY_BYTES + " bytes");
    }
    Map<String, String> once = new HashMap<>();
    List<MxPattern> mx = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty() && i == lines.length - 1) {
        break; // the optional final line ending
      }
      int colon = line.indexOf(':');
      if (colon < 0 || !KEY.matcher(line.substring(0, colon)).matches()) {
        throw new PolicySyntaxException("line " + (i + 1) + " is not 'key: value': '" + line + "'");
      }
      String key = line.substring(0, colon);
      String value = TxtFields.stripWsp(line.substring(colon + 1));
      if (!VALUE.matcher(value).matches()) {
        throw new PolicySyntaxException("line " + (i + 1) + ": malformed value of " + key + ": '" + value + "'");
      }
      switch (key) {
        case "mx" -> mx.add(MxPattern.parse(value));
        case "version", "mode", "max_age" -> {
          if (once.putIfAbsent(key, value) != null) {
            throw new PolicySyntaxException("line " + (i + 1) + ": " + key + " given more than once");
          }
        }
        default -> { } // unknown keys are ignored (RFC 8461 §3.2)
      }
    }
    if (!"STSv1".equals(required(once, "version"))) {
      throw new PolicySyntaxException("version must be STSv1: '" + once.get("version") + "'");
    }
    StsMode mode = StsMode.fromWireName(required(once, "mode"))
        .orElseThrow(() -> new PolicySyntaxException("mode must be enforce, testing or none: '" + once.get("mode") + "'"));
    Duration maxAge = maxAge(required(once, "max_age"));
    if (mx.isEmpty() && mode != StsMode.NONE) {
      throw new PolicySyntaxException("mode " + mode.wireName() + " needs at least one mx");
    }
    return new StsPolicy(mode, mx, maxAge, text);
  }

  private static String required(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      throw new PolicySyntaxException("policy has no " + key);
    }
    return value;
  }

  private static Duration maxAge(String value) {
    if (!MAX_AGE.matcher(value).matches()) {
      throw new PolicySyntaxException("max_age must be 1 to 10 digits: '" + value + "'");
    }
    long seconds = Long.parseLong(value);
    if (seconds > MAX_AGE_LIMIT) {
      throw new PolicySyntaxException("max_age above " + MAX_AGE_LIMIT + ": " + value);
    }
    return Duration.ofSeconds(seconds);
  }
}
