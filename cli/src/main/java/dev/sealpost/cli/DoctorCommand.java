package dev.sealpost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sealpost.cli.doctor.ConfigDoctor;
import dev.sealpost.cli.probe.Finding;
import dev.sealpost.cli.probe.Finding.Severity;
import dev.sealpost.dns.DnsResolver;
import dev.sealpost.dns.DnsResult;
import dev.sealpost.mailauth.dkim.DkimKeys;
import dev.sealpost.mailauth.dmarc.OrganizationalDomain;
import dev.sealpost.server.config.ConfigException;
import dev.sealpost.server.config.ConfigLoader;
import dev.sealpost.server.config.OutboundConfig;
import dev.sealpost.server.config.ServerConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sealpost doctor}: the configuration (and with --online, the DNS of each served domain) checked
 * for the mistakes that leave mail exposed or make receivers refuse it. Exit 1 when there is an error.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check a configuration for partial security, certificate, relay and DNS mistakes.",
        "Exit status: 0 no error, 1 errors found, 2 usage or unreadable configuration."})
final class DoctorCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin DataDirOptions where;
  @Mixin DnsOptions dns;

  @Option(names = "--online", description = "Also look up MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT and PTR records.")
  boolean online;

  @Option(names = "--json", description = "Print the findings as JSON.")
  boolean json;

  @Option(names = "--live", description = "Also attack the running listeners: the probe checks and relay tricks.")
  boolean live;

  @Option(names = "--ca", paramLabel = "FILE", description = "Extra CA (PEM) to trust for --live (e.g. the dev CA).")
  Path ca;

  @Override
  public Integer call() throws Exception {
    Path file = where.config != null ? where.config : where.dataDirectory().resolve("sealpost.toml");
    ServerConfig config;
    try {
      config = ConfigLoader.load(file);
    } catch (ConfigException e) {
      throw new CliException("configuration " + file + " is invalid: " + e.getMessage());
    }
    List<Finding> findings = new ArrayList<>(ConfigDoctor.check(config, Instant.now()));
    if (online) {
      findings.addAll(onlineChecks(config, dns.resolver()));
    }
    if (live) {
      List<java.security.cert.X509Certificate> cas = new ArrayList<>();
      if (ca != null) {
        try (var in = java.nio.file.Files.newInputStream(ca)) {
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)
              .forEach(x -> cas.add((java.security.cert.X509Certificate) x));
        }
      }
      findings.addAll(dev.sealpost.cli.doctor.LiveChecks.check(config, cas));
    }
    findings.sort(Comparator.comparing(Finding::severity).reversed());
    PrintWriter out = spec.commandLine().getOut();
    long errors = findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    long warnings = findings.stream().filter(f -> f.severity() == Severity.WARNING).count();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      var root = m.createObjectNode().put("config", file.toString()).put("errors", errors).put("warnings", warnings);
      ArrayNode a = root.putArray("findings");
      findings.forEach(f -> a.addObject().put("severity", f.severity().name()).put("id", f.id())
          .put("summary", f.summary()));
      out.println(root.toPrettyString());
    } else {
      out.println("sealpost doctor: " + file);
      for (Finding f : findings) {
        out.printf("  %-8s %-26s %s%n", f.severity(), f.id(), f.summary());
      }
      out.printf("result: %d error(s), %d warning(s)%n", errors, warnings);
    }
    out.flush();
    return errors > 0 ? 1 : 0;
  }

  static List<Finding> onlineChecks(ServerConfig c, DnsResolver dns) {
    List<Finding> out = new ArrayList<>();
    for (String domain : c.domains()) {
      DnsResult<?> mx = dns.mx(domain).toCompletableFuture().join();
      out.add(mx.records().isEmpty() ? new Finding(Severity.WARNING, "mx", domain + ": no MX record"
          + (mx instanceof DnsResult.TemporaryFailure<?> ? " (lookup failed)" : ""))
          : new Finding(Severity.OK, "mx", domain + ": MX " + mx.records()));
      List<String> spf = txt(dns, domain).stream().filter(t -> t.toLowerCase().startsWith("v=spf1")).toList();
      out.add(spf.size() == 1 ? new Finding(Severity.OK, "spf", domain + ": " + spf.getFirst())
          : spf.isEmpty() ? new Finding(Severity.WARNING, "spf", domain + ": no SPF record: receivers cannot tell"
              + " which servers may send for it")
          : new Finding(Severity.ERROR, "spf", domain + ": " + spf.size() + " SPF records (permerror at every receiver)"));
      List<String> dmarc = txt(dns, "_dmarc." + domain).stream().filter(t -> t.startsWith("v=DMARC1")).toList();
      if (dmarc.isEmpty() && !OrganizationalDomain.of(domain).equals(domain)) {
        dmarc = txt(dns, "_dmarc." + OrganizationalDomain.of(domain)).stream().filter(t -> t.startsWith("v=DMARC1")).toList();
      }
      out.add(dmarc.size() != 1 ? new Finding(Severity.WARNING, "dmarc", domain + ": "
          + (dmarc.isEmpty() ? "no DMARC record: anyone can send as this domain" : dmarc.size() + " DMARC records"))
          : dmarc.getFirst().replace(" ", "").contains("p=none")
              ? new Finding(Severity.INFO, "dmarc", domain + ": p=none, monitoring only: " + dmarc.getFirst())
              : new Finding(Severity.OK, "dmarc", domain + ": " + dmarc.getFirst()));
      out.add(txt(dns, "_mta-sts." + domain).stream().anyMatch(t -> t.startsWith("v=STSv1"))
          ? new Finding(Severity.OK, "mta-sts", domain + ": MTA-STS published")
          : new Finding(Severity.INFO, "mta-sts", domain + ": no MTA-STS record: senders may deliver in clear text"));
      out.add(txt(dns, "_smtp._tls." + domain).stream().anyMatch(t -> t.startsWith("v=TLSRPTv1"))
          ? new Finding(Severity.OK, "tls-rpt", domain + ": TLS-RPT published")
          : new Finding(Severity.INFO, "tls-rpt", domain + ": no TLS-RPT record: TLS failures are not reported to you"));
    }
    for (ServerConfig.DkimKeyConfig k : c.dkim()) {
      String name = k.selector() + "._domainkey." + k.domain();
      List<String> published = txt(dns, name).stream().filter(t -> t.contains("p=")).toList();
      try {
        var key = DkimKeys.readPrivateKey(k.keyFile());
        var algorithm = DkimKeys.algorithmOf(key);
        String expected = DkimKeys.dnsRecord(algorithm, DkimCommand.Check.publicKeyOf(key, algorithm));
        if (published.size() != 1) {
          out.add(new Finding(Severity.ERROR, "dkim-record", name + ": " + (published.isEmpty() ? "not published"
              : published.size() + " records") + "; publish: " + expected));
        } else if (!DkimCommand.Check.pValue(published.getFirst()).equals(DkimCommand.Check.pValue(expected))) {
          out.add(new Finding(Severity.ERROR, "dkim-record", name + ": the published key is not the key in "
              + k.keyFile() + ": every signature fails"));
        } else {
          out.add(new Finding(Severity.OK, "dkim-record", name + " matches " + k.keyFile()));
        }
      } catch (Exception e) {
        out.add(new Finding(Severity.ERROR, "dkim-record", name + ": cannot check: " + e.getMessage()));
      }
    }
    requiredTlsBypassed(c, dns, out);
    DnsResult<InetAddress> a = dns.a(c.hostname()).toCompletableFuture().join();
    if (a.records().isEmpty()) {
      out.add(new Finding(Severity.WARNING, "helo-ptr", c.hostname() + " has no A record: receivers will distrust"
          + " the HELO name"));
    } else {
      InetAddress address = a.records().getFirst();
      List<String> ptr = dns.ptr(address).toCompletableFuture().join().records();
      out.add(ptr.stream().anyMatch(p -> p.equalsIgnoreCase(c.hostname()))
          ? new Finding(Severity.OK, "helo-ptr", c.hostname() + " -> " + address.getHostAddress() + " -> " + ptr)
          : new Finding(Severity.WARNING, "helo-ptr", c.hostname() + " -> " + address.getHostAddress() + " but its PTR is "
              + (ptr.isEmpty() ? "missing" : ptr) + ": many receivers refuse or junk mail whose HELO and PTR disagree"));
    }
    return out;
  }

  /**
   * A fixed route (host = ...) skips the recipient domain's MTA-STS and DANE: when that domain asks for
   * TLS and the route allows clear text or unverified TLS, the route is the downgrade.
   */
  private static void requiredTlsBypassed(ServerConfig c, DnsResolver dns, List<Finding> out) {
    var o = c.outbound();
    o.domains().forEach((domain, route) -> {
      var tls = route.tls().orElse(o.defaultTls());
      if (route.host().isEmpty() || tls == OutboundConfig.OutboundTls.VERIFY || tls == OutboundConfig.OutboundTls.DANE) {
        return;
      }
      List<String> asks = new ArrayList<>();
      if (txt(dns, "_mta-sts." + domain).stream().anyMatch(t -> t.startsWith("v=STSv1"))) {
        asks.add("MTA-STS");
      }
      for (var mx : dns.mx(domain).toCompletableFuture().join().records()) {
        if (!dns.tlsa("_25._tcp." + mx.host()).toCompletableFuture().join().records().isEmpty()) {
          asks.add("DANE (TLSA for " + mx.host() + ")");
          break;
        }
      }
      if (!asks.isEmpty()) {
        out.add(new Finding(Severity.ERROR, "required-tls-bypassed", domain + " asks for TLS with " + asks
            + " but its fixed route to " + route.host().get() + " has tls = \"" + tls.name().toLowerCase()
            + "\": mail for it can go in clear text or to an impostor; use tls = \"verify\""));
      }
    });
  }

  private static List<String> txt(DnsResolver dns, String name) {
    return dns.txt(name).toCompletableFuture().join().records();
  }
}
