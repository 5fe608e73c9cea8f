package dev.sealpost.dns;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * Where mail for a domain goes, decided from its MX lookup as RFC 5321 §5.1 and RFC 7505 say.
 * Outbound delivery switches over it: try {@link Exchangers} in order, deliver to the domain's own
 * A/AAAA for {@link ImplicitMx}, bounce for {@link NullMx} and {@link NoSuchDomain} (RFC 7505 §4.2
 * suggests 556 5.1.10), retry later for {@link TemporaryFailure}.
 */
public sealed interface MxRoute {

  /** MX hosts in the order to try them: by preference, random among equal preferences. */
  record Exchangers(List<MxRecord> inOrder) implements MxRoute {
    public Exchangers {
      inOrder = List.copyOf(inOrder);
    }
  }

  /**
   * The domain has no MX records: RFC 5321 §5.1 treats it as an implicit MX of preference 0
   * pointing to the domain itself, so its A/AAAA records are the destination.
   */
  record ImplicitMx(String domain) implements MxRoute {}

  /** The domain publishes a null MX (RFC 7505 §3): it accepts no mail. */
  record NullMx(String domain) implements MxRoute {}

  /** The domain does not exist (NXDOMAIN): a permanent failure. */
  record NoSuchDomain(String domain) implements MxRoute {}

  /** The MX lookup failed for now; try the delivery again later. */
  record TemporaryFailure(String reason) implements MxRoute {}

  /**
   * Decides the route for {@code domain} from the result of its MX lookup.
   *
   * @param random breaks ties between equal preferences (RFC 5321 §5.1 asks for random order to
   *     spread the load); inject a seeded one in tests
   */
  static MxRoute of(String domain, DnsResult<MxRecord> mx, Random random) {
    Objects.requireNonNull(domain, "domain");
    return switch (mx) {
      case DnsResult.Found<MxRecord> f -> fromRecords(domain, f.records(), random);
      case DnsResult.NoData<MxRecord> n -> new ImplicitMx(domain);
      case DnsResult.NxDomain<MxRecord> n -> new NoSuchDomain(domain);
      case DnsResult.TemporaryFailure<MxRecord> t -> new TemporaryFailure(t.reason());
    };
  }

  /**
   * Sorts MX records by preference, shuffling each group of equal preference with {@code random}
   * (RFC 5321 §5.1).
   */
  static List<MxRecord> deliveryOrder(List<MxRecord> records, Random random) {
    Map<Integer, List<MxRecord>> byPreference = new TreeMap<>(Comparator.naturalOrder());
    for (MxRecord r : records) {
      byPreference.computeIfAbsent(r.preference(), p -> new ArrayList<>()).add(r);
    }
    List<MxRecord> ordered = new ArrayList<>(records.size());
    for (List<MxRecord> group : byPreference.values()) {
      Collections.shuffle(group, random);
      ordered.addAll(group);
    }
    return List.copyOf(ordered);
  }

  private static MxRoute fromRecords(String domain, List<MxRecord> records, Random random) {
    // RFC 7505 §3: a null MX is the domain's only MX record. Should one stand beside real hosts
    // anyway, "." is no host name to connect to, so it is skipped and the others are used.
    List<MxRecord> hosts = records.stream().filter(r -> !r.host().equals(".")).toList();
    if (hosts.isEmpty()) {
      return new NullMx(domain);
    }
    return new Exchangers(deliveryOrder(hosts, random));
  }
}
