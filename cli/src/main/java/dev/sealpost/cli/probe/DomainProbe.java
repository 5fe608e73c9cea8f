package dev.sealpost.cli.probe;

import dev.sealpost.cli.probe.ProbeTarget.Role;
import dev.sealpost.cli.probe.ProbeTarget.TlsMode;
import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.dns.MxRecord;
import dev.sealpost.dns.MxRoute;
import dev.sealpost.dns.TlsaRecord;
import dev.sealpost.server.outbound.mtasts.PolicyFetcher;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * What a sending server meets when it delivers to a domain: its MX hosts, each probed on port 25
 * as an MX, and the records that tell senders to insist on TLS (MTA-STS, RFC 8461; DANE TLSA,
 * RFC 7672) and where to report failures (TLS-RPT, RFC 8460). A published MTA-STS policy is fetched
 * and the MX hosts are judged by it, as a sender that honours it would. Names are resolved through the
 * given resolver, so a test or an administrator can point the probe at any DNS server.
 */
public final class DomainProbe {

  /** A domain with more MX hosts than this is unusual; probing them all would take minutes. */
  static final int MAX_HOSTS = 10;

  private static final Pattern STS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  private final DnsResolver dns;
  private final MailServerProbe probe;
  private final PolicyFetcher policies;
  private final int port;

  /**
   * @param policies fetches MTA-STS policies; it should resolve through {@code dns} as well
   * @param port the MX hosts' SMTP port
   */
  public DomainProbe(DnsResolver dns, MailServerProbe probe, PolicyFetcher policies, int port) {
    this.dns = dns;
    this.probe = probe;
    this.policies = policies;
    this.port = port;
  }

  /** One MX host and what probing it found. */
  public record MxHost(String host, int preference, List<String> addresses, List<String> tlsa,
      ProbeReport report) {}

  /** The whole domain; {@code mtaStsPolicy} is null when no valid MTA-STS record asked for a fetch. */
  public record DomainReport(String domain, List<MxHost> mx, List<String> mtaSts, StsPolicyReport mtaStsPolicy,
      List<String> tlsRpt, List<Finding> findings) {

    public boolean hasErrors() {
      return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR)
          || mx.stream().anyMatch(h -> h.report() != null && h.report().hasErrors());
    }

    public Finding finding(String id) {
      return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
    }
  }

  public DomainReport probe(String domain) {
    List<Finding> findings = new ArrayList<>();
    List<MxHost> hosts = new ArrayList<>();
    DnsResult<MxRecord> mx = dns.mx(domain).toCompletableFuture().join();
    List<MxRecord> exchangers = switch (MxRoute.of(domain, mx, new Random())) {
      case MxRoute.Exchangers e -> {
        // Probe in a stable order (preference, then name) so that two runs read alike.
        List<MxRecord> sorted = e.inOrder().stream()
            .sorted(Comparator.comparingInt(MxRecord::preference).thenComparing(MxRecord::host)).toList();
        findings.add(Finding.ok("mx", "MX: " + String.join(", ", sorted.stream()
            .map(r -> r.preference() + " " + r.host()).toList())));
        yield sorted;
      }
      case MxRoute.ImplicitMx i -> {
        findings.add(Finding.warning("no-mx", "no MX records: senders fall back to the A/AAAA records of "
            + domain + " (RFC 5321 §5.1); publish an MX"));
        yield List.of(new MxRecord(0, domain));
      }
      case MxRoute.NullMx n -> {
        findings.add(Finding.info("null-mx", domain + " publishes a null MX (RFC 7505): it accepts no mail"));
        yield List.of();
      }
      case MxRoute.NoSuchDomain n -> {
        findings.add(Finding.error("no-such-domain", domain + " does not exist (NXDOMAIN)"));
        yield List.of();
      }
      case MxRoute.TemporaryFailure t -> {
        findings.add(Finding.error("dns-failure", "the MX lookup failed: " + t.reason()));
        yield List.of();
      }
    };
    if (exchangers.size() > MAX_HOSTS) {
      findings.add(Finding.info("mx-truncated", "probing the first " + MAX_HOSTS + " of " + exchangers.size()
          + " MX hosts"));
      exchangers = exchangers.subList(0, MAX_HOSTS);
    }
    List<String> sts = records("_mta-sts." + domain, "v=STSv1", findings, "mta-sts");
    // The policy is fetched while the MX hosts are probed; the fetcher never completes exceptionally.
    CompletableFuture<PolicyFetcher.Result> policy = judgeMtaSts(sts, findings)
        ? policies.fetch(domain.toLowerCase(Locale.ROOT)).toCompletableFuture() : null;
    for (MxRecord r : exchangers) {
      hosts.add(probeHost(r, findings));
    }
    StsPolicyReport policyReport = null;
    if (policy != null) {
      PolicyFetcher.Result fetched = policy.join();
      policyReport = StsPolicyReport.of(fetched);
      hosts = MtaStsCheck.judge(domain, fetched, hosts, findings);
    }
    List<String> rpt = records("_smtp._tls." + domain, "v=TLSRPTv1", findings, "tls-rpt");
    judgeTlsRpt(rpt, findings);
    return new DomainReport(domain, hosts, sts, policyReport, rpt, findings);
  }

  private MxHost probeHost(MxRecord r, List<Finding> findings) {
    List<InetAddress> addresses = new ArrayList<>(dns.a(r.host()).toCompletableFuture().join().records());
    addresses.addAll(dns.aaaa(r.host()).toCompletableFuture().join().records());
    List<String> shown = addresses.stream().map(InetAddress::getHostAddress).toList();
    List<String> tlsa = tlsa(r.host(), findings);
    if (addresses.isEmpty()) {
      findings.add(Finding.error("mx-unresolvable", "MX host " + r.host() + " has no A or AAAA record"));
      return new MxHost(r.host(), r.preference(), shown, tlsa, null);
    }
    ProbeReport report = probe.probe(new ProbeTarget(r.host(), port, TlsMode.STARTTLS, Role.MX, addresses.getFirst()));
    return new MxHost(r.host(), r.preference(), shown, tlsa, report);
  }

  private List<String> tlsa(String host, List<Finding> findings) {
    DnsResult<TlsaRecord> result = dns.tlsa(TlsaRecord.ownerName(port, host)).toCompletableFuture().join();
    List<String> shown = result.records().stream().map(TlsaRecord::toString).toList();
    if (!shown.isEmpty()) {
      findings.add(result.authenticated()
          ? Finding.ok("dane-tlsa", host + ": " + shown.size() + " DNSSEC-validated TLSA record(s): senders"
              + " with DANE authenticate its certificate")
          : Finding.warning("dane-tlsa-unvalidated", host + ": TLSA records present but not DNSSEC-validated by"
              + " the resolver; DANE senders ignore them (is the zone signed? is the resolver validating?)"));
    }
    return shown;
  }

  private List<String> records(String name, String version, List<Finding> findings, String id) {
    DnsResult<String> txt = dns.txt(name).toCompletableFuture().join();
    if (txt instanceof DnsResult.TemporaryFailure<String> t) {
      findings.add(Finding.error(id + "-dns-failure", "TXT lookup of " + name + " failed: " + t.reason()));
      return List.of();
    }
    // RFC 8461 §3.1 and RFC 8460 §3: records not starting with the version tag are someone else's.
    return txt.records().stream().filter(s -> s.startsWith(version + ";") || s.equals(version)).toList();
  }

  /** Adds the findings for the {@code _mta-sts} records; true when there is one valid record. */
  private static boolean judgeMtaSts(List<String> sts, List<Finding> findings) {
    if (sts.isEmpty()) {
      findings.add(Finding.warning("mta-sts-missing", "no MTA-STS record: senders cannot learn that TLS is"
          + " required here, so an attacker who strips STARTTLS reads the mail"));
      return false;
    }
    if (sts.size() > 1) {
      findings.add(Finding.error("mta-sts-multiple", "more than one v=STSv1 record: senders must then act as"
          + " if there were no policy (RFC 8461 §3.1)"));
      return false;
    }
    String id = field(sts.getFirst(), "id");
    if (id == null || !STS_ID.matcher(id).matches()) {
      findings.add(Finding.error("mta-sts-invalid", "the MTA-STS record needs id=1*32(ALPHA/DIGIT): "
          + sts.getFirst()));
      return false;
    }
    findings.add(Finding.ok("mta-sts", "MTA-STS record present (id=" + id + "); the policy itself is served at"
        + " https://mta-sts.<domain>/.well-known/mta-sts.txt"));
    return true;
  }

  private static void judgeTlsRpt(List<String> rpt, List<Finding> findings) {
    if (rpt.isEmpty()) {
      findings.add(Finding.info("tls-rpt-missing", "no TLS-RPT record: senders have nowhere to report TLS"
          + " failures (RFC 8460)"));
      return;
    }
    if (rpt.size() > 1) {
      findings.add(Finding.warning("tls-rpt-multiple", "more than one v=TLSRPTv1 record: senders ignore them all"));
      return;
    }
    String rua = field(rpt.getFirst(), "rua");
    boolean valid = rua != null && List.of(rua.split(",")).stream().map(String::strip)
        .allMatch(u -> u.startsWith("mailto:") || u.startsWith("https:"));
    findings.add(valid
        ? Finding.ok("tls-rpt", "TLS-RPT reports go to " + rua)
        : Finding.warning("tls-rpt-invalid", "the TLS-RPT record needs rua=mailto:... or https:...: "
            + rpt.getFirst()));
  }

  /** The value of {@code key} in a {@code k=v; k=v} record, or null. */
  static String field(String record, String key) {
    for (String part : record.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).strip().equals(key)) {
        return part.substring(eq + 1).strip();
      }
    }
    return null;
  }
}
