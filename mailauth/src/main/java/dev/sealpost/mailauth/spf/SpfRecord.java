package dev.sealpost.mailauth.spf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed SPF record (RFC 7208 §4.6, §12 ABNF). Parsing is strict and whole: any term that does not
 * follow the grammar makes the record a permerror, wherever it is (§4.6: "syntax errors anywhere").
 *
 * @param directives the mechanisms in order
 * @param redirect the redirect= domain-spec, if any
 * @param explanation the exp= domain-spec, if any
 */
record SpfRecord(List<Term.Directive> directives, Optional<String> redirect, Optional<String> explanation) {

  private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9._-]*)=(.*)", Pattern.DOTALL);
  private static final Pattern MECHANISM = Pattern.compile("([A-Za-z0-9]+)(.*)", Pattern.DOTALL);
  /** [":" domain-spec] [dual-cidr-length], the CIDR lengths read from the end (a domain-spec may hold '/'). */
  private static final Pattern SPEC_AND_CIDR = Pattern.compile(
      "(.*?)(?:/(0|[1-9][0-9]{0,2}))?(?://(0|[1-9][0-9]{0,2}))?", Pattern.DOTALL);
  private static final Pattern IP4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  /** True for the records check_host() considers (§4.5): "v=spf1" alone or followed by a space. */
  static boolean isSpf(String txt) {
    return txt.length() >= 6 && txt.substring(0, 6).equalsIgnoreCase("v=spf1")
        && (txt.length() == 6 || txt.charAt(6) == ' ');
  }

  /** Parses a record that {@link #isSpf} accepted. */
  static SpfRecord parse(String record) throws SpfException {
    for (int i = 0; i < record.length(); i++) {
      char c = record.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw SpfException.permerror("character 0x" + Integer.toHexString(c) + " in the record (only printable"
            + " ASCII and spaces, §3.1, §4.6.1)");
      }
    }
    List<Term.Directive> directives = new ArrayList<>();
    Optional<String> redirect = Optional.empty();
    Optional<String> exp = Optional.empty();
    for (String text : record.substring(6).split(" ")) {
      if (text.isEmpty()) {
        continue; // 1*SP between terms, and trailing spaces (§4.6.1, §12)
      }
      Term term = term(text);
      if (term instanceof Term.Directive d) {
        directives.add(d);
      } else if (term instanceof Term.Modifier m) {
        switch (m.name()) {
          case "redirect" -> {
            if (redirect.isPresent()) {
              throw SpfException.permerror("redirect= appears twice (§6)");
            }
            redirect = Optional.of(domainSpec(m.value(), text));
          }
          case "exp" -> {
            if (exp.isPresent()) {
              throw SpfException.permerror("exp= appears twice (§6)");
            }
            exp = Optional.of(domainSpec(m.value(), text));
          }
          default -> MacroString.validate(m.value(), false); // unknown modifiers: ignored, but must parse
        }
      }
    }
    return new SpfRecord(directives, redirect, exp);
  }

  private static Term term(String text) throws SpfException {
    Matcher modifier = MODIFIER.matcher(text);
    if (modifier.matches()) {
      return new Term.Modifier(modifier.group(1).toLowerCase(Locale.ROOT), modifier.group(2), text);
    }
    SpfResult qualifier = SpfResult.PASS;
    String rest = text;
    switch (text.charAt(0)) {
      case '+' -> rest = text.substring(1);
      case '-' -> {
        qualifier = SpfResult.FAIL;
        rest = text.substring(1);
      }
      case '~' -> {
        qualifier = SpfResult.SOFTFAIL;
        rest = text.substring(1);
      }
      case '?' -> {
        qualifier = SpfResult.NEUTRAL;
        rest = text.substring(1);
      }
      default -> { }
    }
    Matcher m = MECHANISM.matcher(rest);
    if (!m.matches()) {
      throw SpfException.permerror("unknown term '" + text + "'");
    }
    String name = m.group(1).toLowerCase(Locale.ROOT);
    String arg = m.group(2);
    return switch (name) {
      case "all" -> {
        if (!arg.isEmpty()) {
          throw SpfException.permerror("'all' takes no argument: '" + text + "'");
        }
        yield new Term.Directive(qualifier, Term.Kind.ALL, Optional.empty(), Optional.empty(), 32, 128, text);
      }
      case "include", "exists" -> {
        if (!arg.startsWith(":")) {
          throw SpfException.permerror("'" + name + "' needs ':domain': '" + text + "'");
        }
        yield new Term.Directive(qualifier, name.equals("include") ? Term.Kind.INCLUDE : Term.Kind.EXISTS,
            Optional.of(domainSpec(arg.substring(1), text)), Optional.empty(), 32, 128, text);
      }
      case "a", "mx" -> addressMechanism(qualifier, name.equals("a") ? Term.Kind.A : Term.Kind.MX, arg, text);
      case "ptr" -> {
        Optional<String> spec = Optional.empty();
        if (arg.startsWith(":")) {
          spec = Optional.of(domainSpec(arg.substring(1), text));
        } else if (!arg.isEmpty()) {
          throw SpfException.permerror("bad 'ptr' term '" + text + "'");
        }
        yield new Term.Directive(qualifier, Term.Kind.PTR, spec, Optional.empty(), 32, 128, text);
      }
      case "ip4" -> ip4(qualifier, arg, text);
      case "ip6" -> ip6(qualifier, arg, text);
      default -> throw SpfException.permerror("unknown mechanism '" + name + "' in '" + text + "'");
    };
  }

  private static Term.Directive addressMechanism(SpfResult qualifier, Term.Kind kind, String arg, String text)
      throws SpfException {
    int cidr4 = 32;
    int cidr6 = 128;
    Matcher cidr = SPEC_AND_CIDR.matcher(arg);
    if (!cidr.matches()) {
      throw SpfException.permerror("bad term '" + text + "'");
    }
    String spec = cidr.group(1);
    if (cidr.group(2) != null) {
      cidr4 = Integer.parseInt(cidr.group(2));
    }
    if (cidr.group(3) != null) {
      cidr6 = Integer.parseInt(cidr.group(3));
    }
    if (cidr4 > 32 || cidr6 > 128) {
      throw SpfException.permerror("CIDR length out of range in '" + text + "'");
    }
    if (!spec.isEmpty() && !spec.startsWith(":")) {
      throw SpfException.permerror("bad CIDR length or argument in '" + text + "'");
    }
    Optional<String> domain = Optional.empty();
    if (spec.startsWith(":")) {
      domain = Optional.of(domainSpec(spec.substring(1), text));
    } else if (!spec.isEmpty()) {
      throw SpfException.permerror("bad term '" + text + "'");
    }
    return new Term.Directive(qualifier, kind, domain, Optional.empty(), cidr4, cidr6, text);
  }

  private static Term.Directive ip4(SpfResult qualifier, String arg, String text) throws SpfException {
    if (!arg.startsWith(":")) {
      throw SpfException.permerror("'ip4' needs ':network': '" + text + "'");
    }
    String value = arg.substring(1);
    int cidr = 32;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      cidr = cidrLength(value.substring(slash + 1), 32, text);
      value = value.substring(0, slash);
    }
    Matcher m = IP4.matcher(value);
    if (!m.matches()) {
      throw SpfException.permerror("bad IPv4 network in '" + text + "'");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = Integer.parseInt(m.group(i + 1));
      if (octet > 255) {
        throw SpfException.permerror("bad IPv4 network in '" + text + "'");
      }
      bytes[i] = (byte) octet;
    }
    return new Term.Directive(qualifier, Term.Kind.IP4, Optional.empty(), Optional.of(address(bytes)), cidr, 128, text);
  }

  private static Term.Directive ip6(SpfResult qualifier, String arg, String text) throws SpfException {
    if (!arg.startsWith(":")) {
      throw SpfException.permerror("'ip6' needs ':network': '" + text + "'");
    }
    String value = arg.substring(1);
    int cidr = 128;
    int slash = value.indexOf('/');
    if (slash >= 0) {
      cidr = cidrLength(value.substring(slash + 1), 128, text);
      value = value.substring(0, slash);
    }
    if (!value.contains(":") || !value.matches("[0-9A-Fa-f:.]+")) {
      throw SpfException.permerror("bad IPv6 network in '" + text + "'");
    }
    try {
      InetAddress a = InetAddress.getByName(value); // a literal: parsed, never looked up
      byte[] bytes = a.getAddress();
      if (bytes.length == 4) { // an IPv4-mapped literal that the JDK folded: keep it as IPv6
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        bytes = mapped;
      }
      return new Term.Directive(qualifier, Term.Kind.IP6, Optional.empty(), Optional.of(InetAddress.getByAddress(bytes)),
          32, cidr, text);
    } catch (UnknownHostException e) {
      throw SpfException.permerror("bad IPv6 network in '" + text + "'");
    }
  }

  private static int cidrLength(String digits, int max, String text) throws SpfException {
    if (!digits.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(digits) > max) {
      throw SpfException.permerror("bad CIDR length in '" + text + "'");
    }
    return Integer.parseInt(digits);
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A domain-spec (§7.1): a valid macro-string ending in "." toplabel (optionally a final dot) or in a
   * macro expansion.
   */
  static String domainSpec(String spec, String text) throws SpfException {
    MacroString.validate(spec, false);
    if (spec.isEmpty()) {
      throw SpfException.permerror("empty domain in '" + text + "'");
    }
    if (endsWithMacro(spec)) {
      return spec;
    }
    String s = spec.endsWith(".") ? spec.substring(0, spec.length() - 1) : spec;
    int dot = s.lastIndexOf('.');
    String top = s.substring(dot + 1);
    if (dot < 0 || !isToplabel(top)) {
      throw SpfException.permerror("'" + spec + "' does not end in a top-level label (§7.1) in '" + text + "'");
    }
    return spec;
  }

  private static boolean endsWithMacro(String spec) {
    if (spec.endsWith("}")) {
      int open = spec.lastIndexOf("%{");
      return open >= 0;
    }
    return spec.endsWith("%%") || spec.endsWith("%_") || spec.endsWith("%-");
  }

  /** toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
  static boolean isToplabel(String label) {
    if (label.isEmpty() || label.length() > 63) {
      return false;
    }
    if (label.matches("[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*")) {
      return true;
    }
    return label.matches("[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9]");
  }
}
