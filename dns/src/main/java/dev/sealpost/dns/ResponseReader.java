package dev.sealpost.dns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Reads one DNS response into an {@link Answer}, or says which CNAME target still has to be asked.
 * Pure: no I/O, no clock.
 */
final class ResponseReader {

  /** What one response says about a question. */
  sealed interface Reading {}

  /** The response settles the question. */
  record Settled(Answer answer) implements Reading {}

  /**
   * The answer is a CNAME chain ending at {@code target} without its data, and without an SOA that
   * would make it a negative answer for the target: the target has to be asked for itself (an
   * authoritative server gives only the CNAME when the target lies in another zone).
   */
  record FollowCname(Name target, Duration ttl, boolean authenticated) implements Reading {}

  /** Most CNAME links followed for one question; RFC 1034 §3.6.2 forbids chains, resolvers cap them. */
  static final int MAX_CNAME_HOPS = 8;

  private ResponseReader() {}

  static Reading read(Name qname, int type, Message response) {
    String question = qname + " " + Type.string(type);
    int rcode = response.getRcode();
    if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
      return new Settled(Answer.temporaryFailure(Rcode.string(rcode) + " for " + question));
    }
    boolean authenticated = response.getHeader().getFlag(Flags.AD);
    List<Record> answers = response.getSection(Section.ANSWER);
    Name current = qname;
    long chainTtl = Long.MAX_VALUE;
    for (int hops = 0; ; hops++) {
      List<Record> found = recordsAt(answers, current, type);
      if (!found.isEmpty()) {
        long ttl = Math.min(chainTtl, found.stream().mapToLong(Record::getTTL).min().orElseThrow());
        Duration cacheFor = Duration.ofSeconds(ttl);
        return new Settled(new Answer(new DnsResult.Found<>(found, cacheFor, authenticated), cacheFor));
      }
      Optional<CNAMERecord> cname = type == Type.CNAME ? Optional.empty() : cnameAt(answers, current);
      if (cname.isEmpty()) {
        break;
      }
      if (hops == MAX_CNAME_HOPS) {
        return new Settled(Answer.temporaryFailure("CNAME chain longer than " + MAX_CNAME_HOPS + " for " + question));
      }
      chainTtl = Math.min(chainTtl, cname.get().getTTL());
      current = cname.get().getTarget();
    }
    Optional<Long> negativeTtl = negativeTtl(response);
    if (rcode == Rcode.NOERROR && !current.equals(qname) && negativeTtl.isEmpty()) {
      return new FollowCname(current, Duration.ofSeconds(chainTtl), authenticated);
    }
    // RFC 2308 §5: a negative answer without an SOA is not cached. RFC 6604 §3: after a CNAME
    // chain the RCODE speaks of the last name in it.
    Duration cacheFor = Duration.ofSeconds(Math.min(chainTtl, negativeTtl.orElse(0L)));
    DnsResult<Record> result = rcode == Rcode.NXDOMAIN
        ? new DnsResult.NxDomain<>(authenticated)
        : new DnsResult.NoData<>(authenticated);
    return new Settled(new Answer(result, cacheFor));
  }

  private static List<Record> recordsAt(List<Record> answers, Name name, int type) {
    return answers.stream()
        .filter(r -> r.getType() == type && r.getDClass() == DClass.IN && r.getName().equals(name))
        .toList();
  }

  private static Optional<CNAMERecord> cnameAt(List<Record> answers, Name name) {
    return answers.stream()
        .filter(r -> r instanceof CNAMERecord && r.getName().equals(name))
        .map(CNAMERecord.class::cast)
        .findFirst();
  }

  /** RFC 2308 §5: the negative TTL is the smaller of the SOA's own TTL and its MINIMUM field. */
  private static Optional<Long> negativeTtl(Message response) {
    return response.getSection(Section.AUTHORITY).stream()
        .filter(SOARecord.class::isInstance)
        .map(SOARecord.class::cast)
        .map(soa -> Math.min(soa.getTTL(), soa.getMinimum()))
        .findFirst();
  }
}
