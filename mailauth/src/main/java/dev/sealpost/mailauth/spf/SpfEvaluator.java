package dev.sealpost.mailauth.spf;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.dns.MxRecord;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * check_host() of RFC 7208: the SPF result for a client address, a domain and a sender, with its
 * explanation and a trace of every step.
 *
 * <p>One evaluation runs on its own virtual thread and waits for each DNS answer in turn: SPF is
 * sequential by nature (terms are tried in order, includes recurse), the waits cost no platform
 * thread, and callers on an event loop get a {@link CompletionStage}. The work is bounded by the
 * limits of §4.6.4: 10 DNS-querying terms, 2 void lookups, 10 MX and 10 PTR names, each costing
 * at most an address lookup or two.
 */
public final class SpfEvaluator {

  static final int MAX_DNS_TERMS = 10;
  static final int MAX_VOID_LOOKUPS = 2;
  static final int MAX_NAMES = 10;

  private final DnsResolver dns;
  private final String receivingHost;
  private final Clock clock;
  private final Executor executor;

  /** @param receivingHost our host name, for the %{r} macro of explanations */
  public SpfEvaluator(DnsResolver dns, String receivingHost, Clock clock) {
    this(dns, receivingHost, clock, Executors.newVirtualThreadPerTaskExecutor());
  }

  SpfEvaluator(DnsResolver dns, String receivingHost, Clock clock, Executor executor) {
    this.dns = dns;
    this.receivingHost = receivingHost;
    this.clock = clock;
    this.executor = executor;
  }

  /**
   * The MAIL FROM identity (§2.4): the sender's domain, or for the null reverse-path
   * "postmaster@" the HELO name.
   */
  public CompletionStage<SpfOutcome> checkMailFrom(InetAddress client, String mailFrom, String helo) {
    String sender = mailFrom == null || mailFrom.isEmpty() ? "postmaster@" + helo : mailFrom;
    int at = sender.lastIndexOf('@');
    String domain = at >= 0 ? sender.substring(at + 1) : sender;
    return check(client, domain, sender, helo);
  }

  /** The HELO identity (§2.3): "postmaster@" the HELO name. */
  public CompletionStage<SpfOutcome> checkHelo(InetAddress client, String helo) {
    return check(client, helo, "postmaster@" + helo, helo);
  }

  /** check_host(ip, domain, sender) with {@code helo} for the %{h} macro. */
  public CompletionStage<SpfOutcome> check(InetAddress client, String domain, String sender, String helo) {
    return CompletableFuture.supplyAsync(() -> new Evaluation(client, sender, helo).run(domain), executor);
  }

  /** The state of one check_host() call and its includes and redirects. */
  private final class Evaluation {
    private final InetAddress client;
    private final String sender;
    private final String localPart;
    private final String senderDomain;
    private final String helo;
    private final List<String> trace = new ArrayList<>();
    private int dnsTerms;
    private int voidLookups;
    private int depth;

    Evaluation(InetAddress client, String sender, String helo) {
      this.client = unmapped(client);
      this.sender = sender;
      int at = sender.lastIndexOf('@');
      String local = at >= 0 ? sender.substring(0, at) : "";
      this.localPart = local.isEmpty() ? "postmaster" : local; // §4.3
      this.senderDomain = at >= 0 ? sender.substring(at + 1) : sender;
      this.helo = helo == null ? "" : helo;
    }

    SpfOutcome run(String domain) {
      Optional<String> explanation = Optional.empty();
      SpfResult result;
      try {
        Verdict v = checkHost(domain);
        result = v.result();
        explanation = v.explanation();
      } catch (SpfException e) {
        result = e.result();
        trace.add(result.token() + ": " + e.getMessage());
      } catch (RuntimeException e) {
        result = SpfResult.TEMPERROR;
        trace.add("temperror: " + e);
      }
      trace.add("result: " + result.token() + explanation.map(x -> " (explanation: " + x + ")").orElse(""));
      return new SpfOutcome(result, domain, explanation, trace);
    }

    private record Verdict(SpfResult result, Optional<String> explanation) {}

    private Verdict checkHost(String domain) throws SpfException {
      String indent = "  ".repeat(depth);
      if (!validDomain(domain)) {
        trace.add(indent + domain + ": not a valid domain name, no SPF check (§4.3)");
        return new Verdict(SpfResult.NONE, Optional.empty());
      }
      DnsResult<String> txt = dns.txt(domain).toCompletableFuture().join();
      if (txt instanceof DnsResult.TemporaryFailure<String> t) {
        throw SpfException.temperror("TXT lookup of " + domain + " failed: " + t.reason());
      }
      List<String> records = txt.records().stream().filter(SpfRecord::isSpf).toList();
      if (records.isEmpty()) {
        trace.add(indent + domain + ": no SPF record");
        return new Verdict(SpfResult.NONE, Optional.empty());
      }
      if (records.size() > 1) {
        throw SpfException.permerror(domain + " publishes " + records.size() + " SPF records (§4.5)");
      }
      trace.add(indent + domain + ": \"" + records.getFirst() + "\"");
      SpfRecord record = SpfRecord.parse(records.getFirst());
      for (Term.Directive d : record.directives()) {
        if (d.queriesDns()) {
          countDnsTerm(d.text());
        }
        if (matches(d, domain, indent)) {
          trace.add(indent + "  " + d.text() + " matches: " + d.qualifier().token());
          Optional<String> exp = d.qualifier() == SpfResult.FAIL && record.explanation().isPresent()
              ? explanation(record.explanation().get(), domain, indent) : Optional.empty();
          return new Verdict(d.qualifier(), exp);
        }
        trace.add(indent + "  " + d.text() + " does not match");
      }
      if (record.redirect().isPresent()) {
        countDnsTerm("redirect=" + record.redirect().get());
        String target = expandDomain(record.redirect().get(), domain);
        trace.add(indent + "  redirect to " + target);
        depth++;
        Verdict v = checkHost(target);
        depth--;
        if (v.result() == SpfResult.NONE) {
          throw SpfException.permerror("redirect target " + target + " has no SPF record (§6.1)");
        }
        return v;
      }
      trace.add(indent + "  no mechanism matched: neutral (§4.7)");
      return new Verdict(SpfResult.NEUTRAL, Optional.empty());
    }

    private void countDnsTerm(String text) throws SpfException {
      if (++dnsTerms > MAX_DNS_TERMS) {
        throw SpfException.permerror("more than " + MAX_DNS_TERMS + " DNS-querying terms, at '" + text + "' (§4.6.4)");
      }
    }

    private void countVoid(String what) throws SpfException {
      if (++voidLookups > MAX_VOID_LOOKUPS) {
        throw SpfException.permerror("more than " + MAX_VOID_LOOKUPS + " void lookups, at " + what + " (§4.6.4)");
      }
    }

    private boolean matches(Term.Directive d, String domain, String indent) throws SpfException {
      return switch (d.kind()) {
        case ALL -> true;
        case IP4 -> client instanceof Inet4Address && inNetwork(client, d.network().orElseThrow(), d.cidr4());
        case IP6 -> client instanceof Inet6Address && inNetwork(client, d.network().orElseThrow(), d.cidr6());
        case A -> {
          String target = d.domainSpec().isPresent() ? expandDomain(d.domainSpec().get(), domain) : domain;
          yield anyAddressMatches(target, d.cidr4(), d.cidr6(), true);
        }
        case MX -> mx(d, domain);
        case PTR -> {
          String target = d.domainSpec().isPresent() ? expandDomain(d.domainSpec().get(), domain) : domain;
          yield validatedNames().stream().anyMatch(n -> n.equals(lower(target)) || n.endsWith("." + lower(target)));
        }
        case EXISTS -> {
          String target = expandDomain(d.domainSpec().orElseThrow(), domain);
          DnsResult<InetAddress> a = lookup(dns.a(target), "A " + target);
          if (a.records().isEmpty()) {
            countVoid("exists:" + target);
            yield false;
          }
          yield true;
        }
        case INCLUDE -> {
          String target = expandDomain(d.domainSpec().orElseThrow(), domain);
          depth++;
          Verdict v = checkHost(target);
          depth--;
          yield switch (v.result()) {
            case PASS -> true;
            case FAIL, SOFTFAIL, NEUTRAL -> false;
            case TEMPERROR -> throw SpfException.temperror("include:" + target + " gave temperror");
            case PERMERROR, NONE -> throw SpfException.permerror("include:" + target + " gave " + v.result().token()
                + " (§5.2)");
          };
        }
      };
    }

    private boolean mx(Term.Directive d, String domain) throws SpfException {
      String target = d.domainSpec().isPresent() ? expandDomain(d.domainSpec().get(), domain) : domain;
      DnsResult<MxRecord> mx = lookup(dns.mx(target), "MX " + target);
      if (mx.records().isEmpty()) {
        countVoid("mx:" + target);
        return false;
      }
      List<MxRecord> records = mx.records().stream().filter(r -> !r.isNullMx()).toList();
      if (records.size() > MAX_NAMES) {
        throw SpfException.permerror(target + " has " + records.size() + " MX records, more than " + MAX_NAMES
            + " (§4.6.4)");
      }
      for (MxRecord r : records) {
        if (anyAddressMatches(r.host(), d.cidr4(), d.cidr6(), false)) {
          return true;
        }
      }
      return false;
    }

    /** Whether an address of {@code host} (A for an IPv4 client, AAAA for IPv6) is in the client's network. */
    private boolean anyAddressMatches(String host, int cidr4, int cidr6, boolean countVoid) throws SpfException {
      boolean v4 = client instanceof Inet4Address;
      DnsResult<InetAddress> r = lookup(v4 ? dns.a(host) : dns.aaaa(host), (v4 ? "A " : "AAAA ") + host);
      if (r.records().isEmpty() && countVoid) {
        countVoid((v4 ? "A " : "AAAA ") + host);
      }
      for (InetAddress a : r.records()) {
        if (inNetwork(client, unmapped(a), v4 ? cidr4 : cidr6)) {
          return true;
        }
      }
      return false;
    }

    /** A lookup whose failure is a temperror (§5: DNS errors during mechanisms). */
    private <T> DnsResult<T> lookup(CompletionStage<DnsResult<T>> query, String what) throws SpfException {
      DnsResult<T> r = query.toCompletableFuture().join();
      if (r instanceof DnsResult.TemporaryFailure<T> t) {
        throw SpfException.temperror(what + " failed: " + t.reason());
      }
      return r;
    }

    /** The client's validated host names (§5.5): PTR names, at most 10, whose addresses include it. */
    private List<String> validatedNames() {
      List<String> out = new ArrayList<>();
      DnsResult<String> ptr = dns.ptr(client).toCompletableFuture().join();
      boolean v4 = client instanceof Inet4Address;
      for (String name : ptr.records().stream().limit(MAX_NAMES).toList()) {
        DnsResult<InetAddress> a = (v4 ? dns.a(name) : dns.aaaa(name)).toCompletableFuture().join();
        if (a.records().stream().map(SpfEvaluator::unmapped).anyMatch(client::equals)) {
          out.add(lower(name));
        }
      }
      return out;
    }

    /** A domain-spec expanded (§7), shortened from the left to 253 octets (§7.3), checked. */
    private String expandDomain(String spec, String domain) throws SpfException {
      String expanded = MacroString.expand(spec, letter -> value(letter, domain), false);
      if (expanded.endsWith(".")) {
        expanded = expanded.substring(0, expanded.length() - 1);
      }
      while (expanded.length() > 253 && expanded.indexOf('.') >= 0) {
        expanded = expanded.substring(expanded.indexOf('.') + 1);
      }
      for (String label : expanded.split("\\.", -1)) {
        if (label.isEmpty() || label.length() > 63) {
          throw SpfException.permerror("'" + expanded + "' (from '" + spec + "') is not a valid domain name");
        }
      }
      return expanded;
    }

    /** The exp= text (§6.2); any trouble means no explanation, never a different result. */
    private Optional<String> explanation(String spec, String domain, String indent) {
      try {
        String target = expandDomain(spec, domain);
        DnsResult<String> txt = dns.txt(target).toCompletableFuture().join();
        if (txt.records().size() != 1) {
          return Optional.empty();
        }
        String text = MacroString.expand(txt.records().getFirst(), letter -> value(letter, domain), true);
        if (text.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
          return Optional.empty();
        }
        return Optional.of(text);
      } catch (SpfException | RuntimeException e) {
        trace.add(indent + "  exp=" + spec + " ignored: " + e.getMessage());
        return Optional.empty();
      }
    }

    private String value(char letter, String domain) throws SpfException {
      return switch (letter) {
        case 's' -> localPart + "@" + senderDomain;
        case 'l' -> localPart;
        case 'o' -> senderDomain;
        case 'd' -> domain;
        case 'i' -> dotted(client);
        case 'p' -> {
          List<String> names = validatedNames();
          yield names.isEmpty() ? "unknown" : names.stream().filter(n -> n.equals(lower(domain))
              || n.endsWith("." + lower(domain))).findFirst().orElse(names.getFirst());
        }
        case 'h' -> helo;
        case 'v' -> client instanceof Inet4Address ? "in-addr" : "ip6";
        case 'c' -> client instanceof Inet4Address ? client.getHostAddress() : compact(client);
        case 'r' -> receivingHost;
        case 't' -> String.valueOf(clock.instant().getEpochSecond());
        default -> throw SpfException.permerror("unknown macro letter " + letter);
      };
    }
  }

  /** A domain check_host() can look up (§4.3): an FQDN of valid labels, not an address literal. */
  static boolean validDomain(String domain) {
    String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
    if (d.isEmpty() || d.length() > 253 || !d.contains(".") || d.startsWith("[")) {
      return false;
    }
    for (String label : d.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        return false;
      }
      if (!label.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        return false;
      }
    }
    return true;
  }

  static boolean inNetwork(InetAddress client, InetAddress network, int prefix) {
    byte[] a = client.getAddress();
    byte[] b = network.getAddress();
    if (a.length != b.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }

  /** An IPv4-mapped IPv6 address as the IPv4 address it is (§5: treat it as IPv4). */
  static InetAddress unmapped(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 16) {
      boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped) {
        try {
          return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return a;
  }

  /** %{i}: dotted quad, or 32 dot-separated nibbles for IPv6 (§7.3). */
  static String dotted(InetAddress a) {
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    String hex = HexFormat.of().formatHex(a.getAddress());
    return String.join(".", hex.split(""));
  }

  /** RFC 5952 text of an IPv6 address, for %{c}. */
  static String compact(InetAddress a) {
    String full = a.getHostAddress().replaceAll("%.*$", "");
    String[] groups = full.split(":");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      sb.append(i > 0 ? ":" : "").append(groups[i].replaceFirst("^0+(?=.)", ""));
    }
    String s = ":" + sb + ":";
    String best = null;
    for (int n = 8; n >= 2; n--) {
      String zeros = ":" + "0:".repeat(n);
      if (s.contains(zeros)) {
        best = zeros;
        break;
      }
    }
    if (best != null) {
      s = s.replaceFirst(java.util.regex.Pattern.quote(best), "::");
      if (s.startsWith(":::")) {
        s = s.substring(1);
      }
      if (s.endsWith(":::")) {
        s = s.substring(0, s.length() - 1);
      }
    }
    if (s.startsWith(":") && !s.startsWith("::")) {
      s = s.substring(1);
    }
    if (s.endsWith(":") && !s.endsWith("::")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
