package dev.sealpost.cli.probe;

import java.util.List;

/** Everything one probe of one port found; also the {@code --json} shape. */
public record ProbeReport(String target, String tlsMode, String role, String tlsProvider, String greeting,
    List<String> extensionsBeforeTls, List<String> extensionsInTls, String negotiatedProtocol,
    String negotiatedCipher, List<VersionResult> versions, CertificateAssessment.Result certificate,
    List<Finding> findings) {

  /** Whether one protocol version was accepted when offered alone. */
  public record VersionResult(String version, Status status, String cipher, String detail) {
    /** NOT_TESTED when this machine's TLS provider cannot offer the version. */
    public enum Status { ACCEPTED, REFUSED, NOT_TESTED }
  }

  public ProbeReport {
    extensionsBeforeTls = extensionsBeforeTls == null ? null : List.copyOf(extensionsBeforeTls);
    extensionsInTls = extensionsInTls == null ? null : List.copyOf(extensionsInTls);
    versions = List.copyOf(versions);
    findings = List.copyOf(findings);
  }

  /** The same report with other findings, e.g. judged again under a domain's MTA-STS policy. */
  ProbeReport withFindings(List<Finding> other) {
    return new ProbeReport(target, tlsMode, role, tlsProvider, greeting, extensionsBeforeTls, extensionsInTls,
        negotiatedProtocol, negotiatedCipher, versions, certificate, other);
  }

  public boolean hasErrors() {
    return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
  }

  /** The finding with this id, or null. */
  public Finding finding(String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
  }
}
