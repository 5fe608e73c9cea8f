package dev.sealpost.mailauth.dmarc;

import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * DMARC (RFC 7489): record discovery at the From domain, then its organizational domain (§6.6.3);
 * alignment of the SPF-passed MAIL FROM domain and of each passing DKIM d= with the From domain,
 * relaxed or strict (§3.1); p or sp, and pct sampling that lowers the policy one step for messages
 * outside the sample (§6.6.4).
 */
public final class DmarcEvaluator {

  /** The inputs: what SPF and DKIM found. */
  public record Inputs(String fromDomain, boolean spfPassed, String spfDomain, List<String> dkimPassedDomains) {
    public Inputs {
      dkimPassedDomains = List.copyOf(dkimPassedDomains);
    }
  }

  private final DnsResolver dns;
  private final RandomGenerator random;

  public DmarcEvaluator(DnsResolver dns, RandomGenerator random) {
    this.dns = dns;
    this.random = random;
  }

  public CompletionStage<DmarcResult> evaluate(Inputs in) {
    String from = OrganizationalDomain.normal(in.fromDomain());
    List<String> steps = new ArrayList<>();
    return lookup(from).thenCompose(first -> {
      if (first instanceof Found || first instanceof Failed) {
        return CompletableFuture.completedFuture(first);
      }
      String org = OrganizationalDomain.of(from);
      if (org.equals(from)) {
        return CompletableFuture.completedFuture(first);
      }
      steps.add("_dmarc." + from + ": " + first.describe() + "; organizational domain " + org + " (Public Suffix List)");
      return lookup(org);
    }).thenApply(discovery -> decide(in, from, discovery, steps));
  }

  private DmarcResult decide(Inputs in, String from, Discovery discovery, List<String> steps) {
    steps.add("_dmarc." + discovery.domain() + ": " + discovery.describe());
    if (discovery instanceof Failed f) {
      return new DmarcResult(f.permanent() ? DmarcResult.Status.PERMERROR : DmarcResult.Status.TEMPERROR, from,
          Optional.of(f.domain()), Optional.empty(), DmarcResult.Disposition.NONE, false, false, steps);
    }
    if (!(discovery instanceof Found found)) {
      steps.add("no DMARC record: none");
      return new DmarcResult(DmarcResult.Status.NONE, from, Optional.empty(), Optional.empty(),
          DmarcResult.Disposition.NONE, false, false, steps);
    }
    DmarcRecord r = found.record();
    boolean spfAligned = in.spfPassed() && aligned(in.spfDomain(), from, r.strictSpf());
    steps.add("SPF " + (in.spfPassed() ? "passed for " + in.spfDomain() : "did not pass") + ": "
        + (spfAligned ? "aligned" : "not aligned") + " (" + (r.strictSpf() ? "strict" : "relaxed") + ")");
    boolean dkimAligned = false;
    for (String d : in.dkimPassedDomains()) {
      boolean a = aligned(d, from, r.strictDkim());
      steps.add("DKIM passed for d=" + d + ": " + (a ? "aligned" : "not aligned") + " ("
          + (r.strictDkim() ? "strict" : "relaxed") + ")");
      dkimAligned |= a;
    }
    if (in.dkimPassedDomains().isEmpty()) {
      steps.add("no passing DKIM signature");
    }
    boolean subdomain = !found.domain().equals(from);
    DmarcRecord.Policy policy = subdomain ? r.subdomainPolicy().orElse(r.policy()) : r.policy();
    steps.add("policy " + (subdomain ? "sp" : "p") + "=" + policy.token() + (r.percent() < 100 ? ", pct=" + r.percent() : ""));
    if (spfAligned || dkimAligned) {
      steps.add("dmarc=pass");
      return new DmarcResult(DmarcResult.Status.PASS, from, Optional.of(found.domain()), Optional.of(policy),
          DmarcResult.Disposition.NONE, spfAligned, dkimAligned, steps);
    }
    DmarcRecord.Policy applied = policy;
    if (r.percent() < 100 && random.nextInt(100) >= r.percent()) {
      applied = switch (policy) {
        case REJECT -> DmarcRecord.Policy.QUARANTINE;
        case QUARANTINE, NONE -> DmarcRecord.Policy.NONE;
      };
      steps.add("outside the pct=" + r.percent() + " sample: " + applied.token() + " instead (§6.6.4)");
    }
    DmarcResult.Disposition disposition = switch (applied) {
      case NONE -> DmarcResult.Disposition.NONE;
      case QUARANTINE -> DmarcResult.Disposition.QUARANTINE;
      case REJECT -> DmarcResult.Disposition.REJECT;
    };
    steps.add("dmarc=fail, disposition " + disposition.name().toLowerCase(java.util.Locale.ROOT));
    return new DmarcResult(DmarcResult.Status.FAIL, from, Optional.of(found.domain()), Optional.of(policy), disposition,
        false, false, steps);
  }

  static boolean aligned(String identifier, String from, boolean strict) {
    String id = OrganizationalDomain.normal(identifier);
    return strict ? id.equals(from) : OrganizationalDomain.relaxedAligned(id, from);
  }

  private sealed interface Discovery {
    String domain();

    String describe();
  }

  private record Found(String domain, DmarcRecord record, String text) implements Discovery {
    public String describe() {
      return "\"" + text + "\"";
    }
  }

  private record Absent(String domain, String why) implements Discovery {
    public String describe() {
      return why;
    }
  }

  private record Failed(String domain, boolean permanent, String why) implements Discovery {
    public String describe() {
      return why;
    }
  }

  private CompletionStage<Discovery> lookup(String domain) {
    return dns.txt("_dmarc." + domain).thenApply(txt -> {
      if (txt instanceof DnsResult.TemporaryFailure<String> t) {
        return new Failed(domain, false, "lookup failed: " + t.reason());
      }
      List<String> records = txt.records().stream().filter(DmarcRecord::isDmarc).toList();
      if (records.isEmpty()) {
        return new Absent(domain, "no record");
      }
      if (records.size() > 1) {
        return new Absent(domain, records.size() + " records: none applies (§6.6.3)");
      }
      try {
        return new Found(domain, DmarcRecord.parse(records.getFirst()), records.getFirst());
      } catch (IllegalArgumentException e) {
        return new Absent(domain, "invalid record (" + e.getMessage() + "): ignored");
      }
    });
  }
}
