package dev.sealpost.mailauth.spf;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.dns.MxRecord;
import dev.sealpost.dns.TlsaRecord;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The zone data of one scenario of the OpenSPF suite as a {@link DnsResolver}, read the way the
 * reference driver reads it (../shared/conformance/README.md): SPF records double as TXT unless the
 * name has TXT of its own, NONE means absent, TIMEOUT and unknown "error." names fail, labels over 63
 * octets fail, CNAMEs are followed.
 */
final class SuiteZone implements DnsResolver {

  private final Map<String, List<Object>> zone;

  SuiteZone(Map<String, List<Object>> zone) {
    this.zone = new java.util.HashMap<>();
    zone.forEach((name, records) -> this.zone.put(normal(name), records));
  }

  private static String normal(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private <T> CompletionStage<DnsResult<T>> lookup(String name, String type, Function<Object, List<T>> convert) {
    return CompletableFuture.completedFuture(resolve(normal(name), type, convert, 0));
  }

  private <T> DnsResult<T> resolve(String name, String type, Function<Object, List<T>> convert, int hops) {
    for (String label : name.split("\\.")) {
      if (label.length() > 63) {
        return new DnsResult.TemporaryFailure<>("label longer than 63 octets");
      }
    }
    List<Object> records = zone.get(name);
    if (records == null) {
      return name.startsWith("error.") ? new DnsResult.TemporaryFailure<>("error name")
          : new DnsResult.NxDomain<>(false);
    }
    List<T> found = new ArrayList<>();
    boolean ownTxt = records.stream().anyMatch(r -> r instanceof Map<?, ?> m && m.containsKey("TXT"));
    for (Object r : records) {
      if (!(r instanceof Map<?, ?> m)) {
        continue;
      }
      for (var e : m.entrySet()) {
        String t = (String) e.getKey();
        boolean wanted = t.equals(type) || (type.equals("TXT") && t.equals("SPF") && !ownTxt);
        if (wanted && !"NONE".equals(e.getValue())) {
          found.addAll(convert.apply(e.getValue()));
        }
      }
    }
    if (found.isEmpty() && hops < 8) {
      for (Object r : records) {
        if (r instanceof Map<?, ?> m && m.get("CNAME") instanceof String target) {
          return resolve(normal(target), type, convert, hops + 1);
        }
      }
    }
    if (found.isEmpty() && records.contains("TIMEOUT")) {
      return new DnsResult.TemporaryFailure<>("timeout"); // TIMEOUT: what the name does not have, times out
    }
    return found.isEmpty() ? new DnsResult.NoData<>(false) : new DnsResult.Found<>(found, Duration.ofMinutes(5), false);
  }

  @SuppressWarnings("unchecked")
  private static List<String> text(Object value) {
    if (value instanceof List<?> strings) {
      return List.of(String.join("", (List<String>) strings));
    }
    return List.of(String.valueOf(value));
  }

  private static List<InetAddress> address(Object value) {
    try {
      return List.of(InetAddress.getByName(String.valueOf(value)));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public CompletionStage<DnsResult<MxRecord>> mx(String domain) {
    return lookup(domain, "MX", v -> {
      List<?> pair = (List<?>) v;
      String host = normal(String.valueOf(pair.get(1)));
      return List.of(new MxRecord(((Number) pair.get(0)).intValue(), host.isEmpty() ? "." : host));
    });
  }

  @Override
  public CompletionStage<DnsResult<String>> txt(String name) {
    return lookup(name, "TXT", SuiteZone::text);
  }

  @Override
  public CompletionStage<DnsResult<InetAddress>> a(String host) {
    return lookup(host, "A", SuiteZone::address);
  }

  @Override
  public CompletionStage<DnsResult<InetAddress>> aaaa(String host) {
    return lookup(host, "AAAA", SuiteZone::address);
  }

  @Override
  public CompletionStage<DnsResult<String>> ptr(InetAddress address) {
    return lookup(reverse(address), "PTR", v -> List.of(normal(String.valueOf(v))));
  }

  @Override
  public CompletionStage<DnsResult<TlsaRecord>> tlsa(String name) {
    return CompletableFuture.completedFuture(new DnsResult.NoData<>(false));
  }

  @Override
  public CompletionStage<DnsResult<String>> cname(String name) {
    return lookup(name, "CNAME", v -> List.of(normal(String.valueOf(v))));
  }

  static String reverse(InetAddress a) {
    byte[] b = a.getAddress();
    StringBuilder sb = new StringBuilder();
    if (b.length == 4) {
      for (int i = 3; i >= 0; i--) {
        sb.append(b[i] & 0xff).append('.');
      }
      return sb.append("in-addr.arpa").toString();
    }
    String hex = HexFormat.of().formatHex(b);
    for (int i = hex.length() - 1; i >= 0; i--) {
      sb.append(hex.charAt(i)).append('.');
    }
    return sb.append("ip6.arpa").toString();
  }
}
