package dev.sealpost.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsResolver} on dnsjava: queries go to a recursive resolver (the system's, from
 * {@code /etc/resolv.conf}, or those given) over UDP with EDNS, falling back to TCP when an answer
 * is truncated (RFC 7766 §5). Immutable and thread-safe; build one and share it.
 *
 * <pre>{@code
 * DnsResolver dns = DnsjavaResolver.builder()
 *     .servers(DnsServer.parse("127.0.0.1:53"))
 *     .timeout(Duration.ofSeconds(2)).retries(1)
 *     .build();
 * dns.mx("example.com").thenAccept(mx -> switch (MxRoute.of("example.com", mx, random)) { ... });
 * }</pre>
 */
public final class DnsjavaResolver implements DnsResolver {

  /** RFC 2308 §5 finds one to three hours a good ceiling for negative caching. */
  private static final Duration MAX_NEGATIVE_TTL = Duration.ofHours(3);
  private static final Duration MAX_TTL = Duration.ofDays(1);
  /** The UDP payload size of DNS Flag Day 2020: avoids IP fragmentation. */
  private static final int EDNS_PAYLOAD = 1232;

  /**
   * dnsjava checks timeouts each time its selector wakes, by default once a second, which would
   * stretch a 2 s timeout to nearly 3 s. A tenth of a second keeps timeouts close to what is set.
   * It is read once, when dnsjava's I/O thread starts; a value set by the application wins.
   */
  private static final String SELECTOR_TICK_PROPERTY = "dnsjava.nio.selector_timeout";

  static {
    if (System.getProperty(SELECTOR_TICK_PROPERTY) == null) {
      System.setProperty(SELECTOR_TICK_PROPERTY, "100");
    }
  }

  private final LookupEngine engine;

  private DnsjavaResolver(LookupEngine engine) {
    this.engine = engine;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletionStage<DnsResult<MxRecord>> mx(String domain) {
    return lookup(domain, Type.MX, r -> {
      MXRecord mx = (MXRecord) r;
      return new MxRecord(mx.getPriority(), hostName(mx.getTarget()));
    });
  }

  @Override
  public CompletionStage<DnsResult<String>> txt(String name) {
    return lookup(name, Type.TXT, r -> {
      StringBuilder joined = new StringBuilder();
      for (byte[] s : ((TXTRecord) r).getStringsAsByteArrays()) {
        joined.append(new String(s, StandardCharsets.UTF_8));
      }
      return joined.toString();
    });
  }

  @Override
  public CompletionStage<DnsResult<InetAddress>> a(String host) {
    return lookup(host, Type.A, r -> ((ARecord) r).getAddress());
  }

  @Override
  public CompletionStage<DnsResult<InetAddress>> aaaa(String host) {
    return lookup(host, Type.AAAA, r -> ((AAAARecord) r).getAddress());
  }

  @Override
  public CompletionStage<DnsResult<String>> ptr(InetAddress address) {
    Objects.requireNonNull(address, "address");
    return engine.lookup(ReverseMap.fromAddress(address), Type.PTR)
        .thenApply(result -> result.map(r -> hostName(((PTRRecord) r).getTarget())));
  }

  @Override
  public CompletionStage<DnsResult<TlsaRecord>> tlsa(String name) {
    return lookup(name, Type.TLSA, r -> {
      TLSARecord t = (TLSARecord) r;
      return new TlsaRecord(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(),
          t.getCertificateAssociationData());
    });
  }

  @Override
  public CompletionStage<DnsResult<String>> cname(String name) {
    return lookup(name, Type.CNAME, r -> hostName(((CNAMERecord) r).getTarget()));
  }

  private <T> CompletionStage<DnsResult<T>> lookup(String name, int type, Function<Record, T> convert) {
    return engine.lookup(absoluteName(name), type).thenApply(result -> result.map(convert));
  }

  static Name absoluteName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.equals(".") || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw new IllegalArgumentException("not a domain name in ASCII (use A-labels for IDNs): '" + name + "'");
    }
    try {
      return Name.fromString(name, Name.root);
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a domain name: '" + name + "': " + e.getMessage(), e);
    }
  }

  private static String hostName(Name name) {
    return name.toString(true).toLowerCase(Locale.ROOT);
  }

  /** Settings for a {@link DnsjavaResolver}; every one has a default fit for a mail server. */
  public static final class Builder {
    private final List<DnsServer> servers = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(2);
    private int retries = 1;
    private boolean requestDnssec;
    private int cacheSize = 10_000;
    private InstantSource clock = InstantSource.system();

    private Builder() {}

    /**
     * Recursive resolvers to ask; none given means the system's (dnsjava's ResolverConfig). dnsjava
     * tries them in random order, those that failed least first.
     */
    public Builder servers(List<DnsServer> servers) {
      this.servers.clear();
      this.servers.addAll(List.copyOf(servers));
      return this;
    }

    public Builder servers(DnsServer... servers) {
      return servers(List.of(servers));
    }

    /** How long to wait for one answer from one server (default 2 s). */
    public Builder timeout(Duration timeout) {
      if (!timeout.isPositive()) {
        throw new IllegalArgumentException("DNS timeout must be positive: " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** How many more times each server is asked after a timeout or network error (default 1). */
    public Builder retries(int retries) {
      if (retries < 0 || retries > 10) {
        throw new IllegalArgumentException("DNS retries out of range 0..10: " + retries);
      }
      this.retries = retries;
      return this;
    }

    /**
     * Sets the EDNS DO bit (RFC 3225), for a validating resolver that should treat the client as
     * DNSSEC-aware. The AD bit is asked for in every query anyway (RFC 6840 §5.7). Default off.
     */
    public Builder requestDnssec(boolean requestDnssec) {
      this.requestDnssec = requestDnssec;
      return this;
    }

    /** Most answers kept in the cache (default 10,000); 0 turns caching off. */
    public Builder cacheSize(int cacheSize) {
      if (cacheSize < 0) {
        throw new IllegalArgumentException("DNS cache size must not be negative: " + cacheSize);
      }
      this.cacheSize = cacheSize;
      return this;
    }

    /** The clock TTLs are counted on (default the system's); tests move it instead of sleeping. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public DnsjavaResolver build() {
      List<InetSocketAddress> addresses = servers.isEmpty()
          ? ResolverConfig.getCurrentConfig().servers()
          : servers.stream().map(DnsServer::socketAddress).toList();
      List<Resolver> simple = addresses.stream().<Resolver>map(SimpleResolver::new).toList();
      ExtendedResolver resolver = new ExtendedResolver(simple);
      // Every attempt may take a timeout, plus one more for a TCP retry after truncation.
      Duration deadline = timeout.multipliedBy((long) (retries + 1) * addresses.size() + 1);
      // After construction, which sets dnsjava's defaults: its own timeout bounds the whole query,
      // each server's bounds one attempt.
      resolver.setTimeout(deadline);
      for (Resolver server : resolver.getResolvers()) {
        server.setTimeout(timeout);
      }
      resolver.setRetries(retries + 1); // dnsjava counts attempts per server
      resolver.setEDNS(0, EDNS_PAYLOAD, requestDnssec ? ExtendedFlags.DO : 0, List.of());
      resolver.setIgnoreTruncation(false);
      AnswerCache cache = new AnswerCache(clock, cacheSize, MAX_TTL, MAX_NEGATIVE_TTL);
      return new DnsjavaResolver(new LookupEngine(resolver, cache, deadline.plus(timeout)));
    }
  }
}
