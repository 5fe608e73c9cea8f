package dev.sealpost.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The data behind {@link FakeDnsServer} and the answers it gives, as an authoritative server for
 * every name would: no I/O here. Thread-safe: every method holds the zone's lock.
 */
final class FakeDnsZone {

  static final int EDNS_PAYLOAD = 1232;
  private static final Name NS = Name.fromConstantString("ns.fake.");
  private static final Name HOSTMASTER = Name.fromConstantString("hostmaster.fake.");
  private static final int MAX_CNAME_HOPS = 8;

  private final Map<Name, List<Record>> records = new HashMap<>();
  private final Set<Name> servfail = new HashSet<>();
  private final Set<Name> drop = new HashSet<>();
  private final Set<Name> authenticated = new HashSet<>();
  private long negativeTtl = 60;

  synchronized void add(Record record) {
    records.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
  }

  synchronized void servfail(Name name) {
    servfail.add(name);
  }

  synchronized void drop(Name name) {
    drop.add(name);
  }

  synchronized void authenticated(Name name) {
    authenticated.add(name);
  }

  synchronized void negativeTtl(long seconds) {
    negativeTtl = seconds;
  }

  synchronized void remove(Name name) {
    records.remove(name);
    servfail.remove(name);
    drop.remove(name);
    authenticated.remove(name);
  }

  synchronized void clear() {
    records.clear();
    servfail.clear();
    drop.clear();
    authenticated.clear();
  }

  /** The response to {@code query}; empty when the name is set to be dropped. */
  synchronized Optional<Message> answer(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setOpcode(query.getHeader().getOpcode());
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    Record question = query.getQuestion();
    OPTRecord opt = query.getOPT();
    if (opt != null) {
      boolean dnssecOk = (opt.getFlags() & ExtendedFlags.DO) != 0;
      response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
    }
    if (question == null) {
      response.getHeader().setRcode(Rcode.FORMERR);
      return Optional.of(response);
    }
    response.addRecord(question, Section.QUESTION);
    Name name = question.getName();
    if (query.getHeader().getOpcode() != Opcode.QUERY) {
      response.getHeader().setRcode(Rcode.NOTIMP);
      return Optional.of(response);
    }
    if (drop.contains(name)) {
      return Optional.empty();
    }
    if (servfail.contains(name)) {
      response.getHeader().setRcode(Rcode.SERVFAIL);
      return Optional.of(response);
    }
    response.getHeader().setFlag(Flags.AA);
    boolean secure = resolve(name, question.getType(), response);
    // RFC 6840 §5.7, §5.8: AD only for a client that asked with AD or DO.
    boolean askedForAd = query.getHeader().getFlag(Flags.AD)
        || (opt != null && (opt.getFlags() & ExtendedFlags.DO) != 0);
    if (secure && askedForAd) {
      response.getHeader().setFlag(Flags.AD);
    }
    return Optional.of(response);
  }

  /** Fills the answer, following CNAMEs inside the zone; true when every name on the way is authenticated. */
  private boolean resolve(Name name, int type, Message response) {
    Name current = name;
    boolean secure = true;
    for (int hops = 0; ; hops++) {
      secure &= authenticated.contains(current);
      if (!exists(current)) {
        response.getHeader().setRcode(Rcode.NXDOMAIN);
        response.addRecord(soa(current), Section.AUTHORITY);
        return secure;
      }
      List<Record> here = records.getOrDefault(current, List.of());
      List<Record> matching = here.stream().filter(r -> r.getType() == type || type == Type.ANY).toList();
      if (!matching.isEmpty()) {
        matching.forEach(r -> response.addRecord(r, Section.ANSWER));
        return secure;
      }
      Optional<Record> cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst();
      if (cname.isEmpty() || hops == MAX_CNAME_HOPS) {
        response.addRecord(soa(current), Section.AUTHORITY);
        return secure;
      }
      response.addRecord(cname.get(), Section.ANSWER);
      current = ((CNAMERecord) cname.get()).getTarget();
    }
  }

  /** A name exists if it owns records or has names below it (an empty non-terminal, RFC 8020). */
  private boolean exists(Name name) {
    return records.keySet().stream().anyMatch(owner -> owner.subdomain(name));
  }

  /** The SOA of a negative answer (RFC 2308 §3), at the name's top-level domain. */
  private SOARecord soa(Name name) {
    Name apex = new Name(name, Math.max(0, name.labels() - 2));
    return new SOARecord(apex, DClass.IN, negativeTtl, NS, HOSTMASTER, 1, 3600, 600, 86400, negativeTtl);
  }
}
