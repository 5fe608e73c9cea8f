package dev.sealpost.mailauth.dmarc;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What DMARC says about a message (RFC 7489 §6.6).
 *
 * @param fromDomain the RFC5322.From domain
 * @param policyDomain where the record was found (the From domain or its organizational domain)
 * @param appliedPolicy the policy for this From domain: p, or sp for a subdomain of the organization
 * @param disposition what to do, after pct= sampling
 * @param steps the reasoning, for `sealpost dmarc check`
 */
public record DmarcResult(Status status, String fromDomain, Optional<String> policyDomain,
    Optional<DmarcRecord.Policy> appliedPolicy, Disposition disposition, boolean spfAligned, boolean dkimAligned,
    List<String> steps) {

  public enum Status {
    PASS, FAIL, NONE, TEMPERROR, PERMERROR;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The receiver's action: deliver, to the Junk folder, or refuse at the end of DATA. */
  public enum Disposition { NONE, QUARANTINE, REJECT }

  public DmarcResult {
    steps = List.copyOf(steps);
  }
}
