package dev.sealpost.client;

import dev.sealpost.tls.HostnameMatcher;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DANE for SMTP (RFC 7672 §3.1): does a usable TLSA record authenticate the chain the server presented?
 * DANE-EE(3) matches the leaf alone, with no name or date check (§3.1.1). DANE-TA(2) matches a CA the
 * server sent in its chain (§3.1.2: the server must send it); the path from the leaf up to that CA must
 * then validate as PKIX with it as the trust anchor (signatures, dates, CA constraints), and the leaf
 * must match a reference identifier (§3.2.2). No I/O.
 */
final class DaneVerifier {

  /** The record that authenticated the server, and which kind of match it was. */
  record Match(TlsaAssociation record, TlsEvidence.Authentication authentication, Optional<String> name) {}

  private DaneVerifier() {}

  /** @throws CertificateRejection with {@link TlsException.Reason#DANE_MISMATCH} when no usable record matches */
  static Match verify(X509Certificate[] chain, CertificateCheck.Dane dane, Instant now) throws CertificateRejection {
    List<String> problems = new ArrayList<>();
    Optional<Match> match = find(chain, dane, now, problems);
    if (match.isPresent()) {
      return match.get();
    }
    X509Certificate leaf = chain[0];
    throw new CertificateRejection(TlsException.Reason.DANE_MISMATCH, "no usable TLSA record for "
        + dane.baseDomain() + " matches the certificate chain (leaf subject '" + leaf.getSubjectX500Principal().getName()
        + "', certificate sha256 " + CertificatePin.fingerprint(leaf) + ", public key sha256 "
        + CertificatePin.publicKeyFingerprint(leaf) + ", " + chain.length + " certificate(s) sent)"
        + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)), null);
  }

  /** The first usable record that authenticates the chain; DANE-EE records are tried before DANE-TA ones. */
  static Optional<Match> find(X509Certificate[] chain, CertificateCheck.Dane dane, Instant now, List<String> problems) {
    List<TlsaAssociation> usable = dane.usableRecords();
    for (TlsaAssociation r : usable) {
      if (r.usage() == TlsaAssociation.DANE_EE && r.matches(chain[0])) {
        return Optional.of(new Match(r, TlsEvidence.Authentication.DANE_EE, Optional.empty()));
      }
    }
    for (TlsaAssociation r : usable) {
      if (r.usage() != TlsaAssociation.DANE_TA) {
        continue;
      }
      // The leaf itself is never its own trust anchor here: DANE-TA names a CA (RFC 7671 §5.2.2).
      for (int depth = 1; depth < chain.length; depth++) {
        if (!r.matches(chain[depth])) {
          continue;
        }
        Optional<String> invalid = pathProblem(chain, depth, now);
        Optional<String> name = dane.referenceIdentifiers().stream()
            .filter(n -> HostnameMatcher.matches(chain[0], n)).findFirst();
        if (invalid.isEmpty() && name.isPresent()) {
          return Optional.of(new Match(r, TlsEvidence.Authentication.DANE_TA, name));
        }
        problems.add(r + " matched '" + chain[depth].getSubjectX500Principal().getName() + "' but "
            + invalid.orElseGet(() -> "the leaf is not valid for " + String.join(" or ", dane.referenceIdentifiers())
            + " (names: " + String.join(", ", HostnameMatcher.names(chain[0])) + ")"));
      }
    }
    return Optional.empty();
  }

  /** Validates chain[0..depth-1] with chain[depth] as the trust anchor; empty when the path is valid. */
  private static Optional<String> pathProblem(X509Certificate[] chain, int depth, Instant now) {
    try {
      CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain).subList(0, depth));
      PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(chain[depth], null)));
      params.setRevocationEnabled(false); // DANE replaces revocation with the TLSA record's lifetime
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(path, params);
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of("the path from the leaf to it does not validate (" + e.getMessage() + ")");
    }
  }
}
