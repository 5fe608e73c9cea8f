package dev.sealpost.cli.probe;

import dev.sealpost.cli.probe.ProbeReport.VersionResult;
import java.io.PrintWriter;
import java.util.List;

/** The probe report for people: what was seen, then the findings, worst first. */
public final class ProbeText {

  private ProbeText() {}

  public static void print(ProbeReport r, PrintWriter out) {
    out.printf("%s (%s, %s port, TLS client: %s)%n", r.target(), r.tlsMode(), r.role(), r.tlsProvider());
    if (r.greeting() != null) {
      out.println("  greeting:      " + r.greeting());
    }
    if (r.extensionsBeforeTls() != null) {
      out.println("  before TLS:    " + String.join(", ", r.extensionsBeforeTls()));
    }
    if (r.extensionsInTls() != null) {
      out.println("  inside TLS:    " + String.join(", ", r.extensionsInTls()));
    }
    if (r.negotiatedProtocol() != null) {
      out.println("  negotiated:    " + r.negotiatedProtocol() + " " + r.negotiatedCipher());
    }
    for (VersionResult v : r.versions()) {
      out.printf("  %-14s %s%n", v.version().replace("TLSv1", "TLS 1.0").replace("TLS 1.0.", "TLS 1.") + ":",
          switch (v.status()) {
            case ACCEPTED -> "accepted (" + v.cipher() + ")";
            case REFUSED -> "refused";
            case NOT_TESTED -> "not tested";
          });
    }
    if (r.certificate() != null && !r.certificate().chain().isEmpty()) {
      var leaf = r.certificate().chain().getFirst();
      out.println("  certificate:   " + leaf.subject());
      out.println("    names:       " + String.join(", ", r.certificate().names()));
      out.println("    issuer:      " + leaf.issuer());
      out.println("    valid until: " + leaf.notAfter() + " (" + r.certificate().daysLeft() + " days)");
      out.println("    key:         " + leaf.key() + ", signed " + leaf.signatureAlgorithm());
      out.println("    sha256:      " + leaf.sha256());
      out.println("    chain:       " + r.certificate().chain().size() + " certificate(s), "
          + (r.certificate().trusted() ? "trusted" : "NOT trusted: " + r.certificate().trustProblem()));
    }
    out.println("  findings:");
    List<Finding> sorted = r.findings().stream()
        .sorted((a, b) -> b.severity().compareTo(a.severity())).toList();
    for (Finding f : sorted) {
      out.printf("    %-8s %-28s %s%n", f.severity(), f.id(), f.summary());
    }
    long errors = count(r, Finding.Severity.ERROR);
    long warnings = count(r, Finding.Severity.WARNING);
    out.printf("  result: %d error(s), %d warning(s)%n", errors, warnings);
    out.flush();
  }

  public static void print(DomainProbe.DomainReport d, PrintWriter out) {
    out.println("domain " + d.domain());
    out.println("  MTA-STS:  " + (d.mtaSts().isEmpty() ? "none" : String.join(" | ", d.mtaSts())));
    if (d.mtaStsPolicy() != null) {
      out.println("  policy:   " + d.mtaStsPolicy().describe());
    }
    out.println("  TLS-RPT:  " + (d.tlsRpt().isEmpty() ? "none" : String.join(" | ", d.tlsRpt())));
    for (DomainProbe.MxHost h : d.mx()) {
      out.println();
      out.println("MX " + h.preference() + " " + h.host() + " " + h.addresses()
          + (h.tlsa().isEmpty() ? "" : " TLSA " + h.tlsa()));
      if (h.report() != null) {
        print(h.report(), out);
      }
    }
    out.println();
    out.println("domain findings:");
    for (Finding f : d.findings().stream().sorted((a, b) -> b.severity().compareTo(a.severity())).toList()) {
      out.printf("    %-8s %-28s %s%n", f.severity(), f.id(), f.summary());
    }
    long errors = d.findings().stream().filter(f -> f.severity() == Finding.Severity.ERROR).count()
        + d.mx().stream().filter(h -> h.report() != null).mapToLong(h -> count(h.report(), Finding.Severity.ERROR)).sum();
    out.printf("result for %s: %d error(s) in all%n", d.domain(), errors);
    out.flush();
  }

  private static long count(ProbeReport r, Finding.Severity s) {
    return r.findings().stream().filter(f -> f.severity() == s).count();
  }
}
