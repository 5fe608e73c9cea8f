package dev.sealpost.server.outbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The shared shape of the MTA-STS and TLS-RPT TXT records (RFC 8461 §3.1, RFC 8460 §3):
 * {@code VERSION 1*(sep name=value) [sep]} with {@code sep = *WSP ";" *WSP}. Field values are
 * returned as written; each record type checks its own fields.
 */
public final class TxtFields {

  /** A {@code name=value} pair of a record. */
  public record Field(String name, String value) {}

  /** {@code (ALPHA / DIGIT) *31(ALPHA / DIGIT / "_" / "-" / ".")}, both RFCs. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");
  /** {@code 1*(%x21-3A / %x3C / %x3E-7E)}: visible characters except ";" and "=". */
  private static final Pattern EXTENSION_VALUE = Pattern.compile("[\\x21-\\x3A\\x3C\\x3E-\\x7E]+");

  private TxtFields() {}

  /**
   * The one record of {@code version} among {@code records}, or empty when there is none or more
   * than one: both RFCs then say the domain does not take part (RFC 8461 §3.1, RFC 8460 §3).
   */
  public static Optional<String> single(List<String> records, String version) {
    List<String> matching = records.stream().filter(r -> hasVersion(r, version)).toList();
    return matching.size() == 1 ? Optional.of(matching.getFirst()) : Optional.empty();
  }

  /** True when {@code record} begins with {@code version} followed by the end, WSP or ";". */
  public static boolean hasVersion(String record, String version) {
    if (!record.startsWith(version)) {
      return false;
    }
    String rest = record.substring(version.length());
    return rest.isEmpty() || rest.charAt(0) == ';' || rest.charAt(0) == ' ' || rest.charAt(0) == '\t';
  }

  /**
   * The fields after {@code version}, at least one.
   *
   * @throws PolicySyntaxException naming the record when it does not follow the grammar
   */
  public static List<Field> parse(String record, String version) {
    if (!hasVersion(record, version)) {
      throw new PolicySyntaxException("record does not begin with " + version + ": '" + record + "'");
    }
    String[] parts = record.substring(version.length()).split(";", -1);
    if (!parts[0].isBlank()) {
      throw new PolicySyntaxException("expected ';' after " + version + " in '" + record + "'");
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      String part = stripWsp(parts[i]);
      if (part.isEmpty() && i == parts.length - 1 && i > 1) {
        break; // the optional trailing separator
      }
      int eq = part.indexOf('=');
      if (eq < 0 || !NAME.matcher(part.substring(0, eq)).matches() || eq == part.length() - 1) {
        throw new PolicySyntaxException("malformed field '" + part + "' in '" + record + "'");
      }
      fields.add(new Field(part.substring(0, eq), part.substring(eq + 1)));
    }
    if (fields.isEmpty()) {
      throw new PolicySyntaxException("no fields after " + version + " in '" + record + "'");
    }
    return fields;
  }

  /**
   * The value of {@code name}, the record's one required field; every other field must be a
   * well-formed extension, which is then ignored.
   *
   * @throws PolicySyntaxException when the record is malformed, or {@code name} is missing or repeated
   */
  public static String requiredField(String record, String version, String name) {
    Optional<String> value = Optional.empty();
    for (Field field : parse(record, version)) {
      if (field.name().equals(name)) {
        if (value.isPresent()) {
          throw new PolicySyntaxException("more than one " + name + " in '" + record + "'");
        }
        value = Optional.of(field.value());
      } else if (!isExtensionValue(field.value())) {
        throw new PolicySyntaxException("malformed value of " + field.name() + " in '" + record + "'");
      }
    }
    return value.orElseThrow(() -> new PolicySyntaxException("no " + name + " in '" + record + "'"));
  }

  /**
   * The one record of {@code version} parsed with {@code parser}, or empty when there is none,
   * more than one, or it is invalid: each RFC then says the domain does not take part.
   */
  public static <T> Optional<T> select(List<String> records, String version, Function<String, T> parser) {
    try {
      return single(records, version).map(parser);
    } catch (PolicySyntaxException invalid) {
      return Optional.empty();
    }
  }

  /** True when {@code value} is a valid value of an unknown (extension) field. */
  public static boolean isExtensionValue(String value) {
    return EXTENSION_VALUE.matcher(value).matches();
  }

  /** Removes spaces and tabs (WSP, RFC 5234) at both ends; other white space is kept, and refused. */
  public static String stripWsp(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isWsp(s.charAt(start))) {
      start++;
    }
    while (end > start && isWsp(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isWsp(char c) {
    return c == ' ' || c == '\t';
  }
}
