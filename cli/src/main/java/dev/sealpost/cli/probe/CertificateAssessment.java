package dev.sealpost.cli.probe;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import dev.sealpost.tls.HostnameMatcher;

/**
 * Judges a presented chain the way a careful sending server would: is it trusted, is it valid now and
 * for how long, does it name the host that was asked for (RFC 6125 DNS-ID rules as RFC 7672/8461 use
 * them for SMTP), and is its key strong enough. Each failure is its own finding, so an administrator
 * sees every problem at once rather than the first.
 */
public final class CertificateAssessment {

  /** Below this many days left, renewal is overdue: automated renewals start at a third of 90 days. */
  static final int WARN_DAYS = 30;

  /**
   * The findings that say the certificate does not authenticate the host. Opportunistic TLS on an MX
   * ignores them (RFC 7435); senders with MTA-STS, DANE or a verify policy do not.
   */
  static final Set<String> AUTHENTICATION_FAILURES =
      Set.of("certificate-hostname-mismatch", "certificate-untrusted", "certificate-self-signed");

  private final Set<TrustAnchor> anchors;
  private final Instant now;

  public CertificateAssessment(Collection<X509Certificate> extraAnchors, boolean includeSystemAnchors, Instant now) {
    this.anchors = new HashSet<>();
    if (includeSystemAnchors) {
      for (X509Certificate c : systemAnchors()) {
        anchors.add(new TrustAnchor(c, null));
      }
    }
    for (X509Certificate c : extraAnchors) {
      anchors.add(new TrustAnchor(c, null));
    }
    this.now = now;
  }

  /** One certificate of the chain, as reported. */
  public record ChainEntry(String subject, String issuer, Instant notBefore, Instant notAfter, String key,
      String signatureAlgorithm, String sha256) {}

  /** The whole judgement. */
  public record Result(List<ChainEntry> chain, List<String> names, long daysLeft, boolean hostNameMatches,
      boolean trusted, String trustProblem, List<Finding> findings) {}

  Result assess(List<X509Certificate> chain, String host) {
    List<Finding> findings = new ArrayList<>();
    if (chain.isEmpty()) {
      findings.add(Finding.error("certificate-missing", "the server presented no certificate"));
      return new Result(List.of(), List.of(), 0, false, false, "no certificate", findings);
    }
    X509Certificate leaf = chain.get(0);
    List<ChainEntry> entries = chain.stream().map(CertificateAssessment::entry).toList();

    Instant notAfter = leaf.getNotAfter().toInstant();
    long daysLeft = Duration.between(now, notAfter).toDays();
    if (now.isAfter(notAfter)) {
      findings.add(Finding.error("certificate-expired", "certificate expired on " + notAfter + " ("
          + Duration.between(notAfter, now).toDays() + " days ago)"));
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      findings.add(Finding.error("certificate-not-yet-valid", "certificate is not valid before "
          + leaf.getNotBefore().toInstant()));
    } else if (daysLeft < WARN_DAYS) {
      findings.add(Finding.warning("certificate-expiring", "certificate expires in " + daysLeft + " days, on "
          + notAfter));
    } else {
      findings.add(Finding.ok("certificate-validity", "certificate valid until " + notAfter + " (" + daysLeft
          + " days left)"));
    }

    List<String> names = HostnameMatcher.names(leaf);
    boolean matches = HostnameMatcher.matches(leaf, host);
    if (matches) {
      findings.add(Finding.ok("certificate-hostname", "certificate is valid for " + host));
    } else {
      findings.add(Finding.error("certificate-hostname-mismatch", "certificate is not valid for " + host
          + " (it names " + (names.isEmpty() ? "no DNS names" : String.join(", ", names)) + ")"));
    }

    String trustProblem = trustProblem(chain);
    boolean selfSigned = chain.size() == 1 && isSelfSigned(leaf);
    if (trustProblem == null) {
      findings.add(Finding.ok("certificate-trusted", "chain is trusted (issuer " + entries.getLast().issuer()
          + ")"));
    } else if (selfSigned) {
      findings.add(Finding.error("certificate-self-signed", "certificate is self-signed and not trusted ("
          + leaf.getSubjectX500Principal().getName() + ")"));
    } else {
      findings.add(Finding.error("certificate-untrusted", "chain is not trusted: " + trustProblem
          + " (give the CA with --ca if it is a private one)"));
    }

    String key = keyDescription(leaf);
    if (leaf.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      findings.add(Finding.error("certificate-weak-key", "certificate key is " + key + "; at least RSA 2048"
          + " is required"));
    }
    String sigAlg = leaf.getSigAlgName().toUpperCase(Locale.ROOT);
    if (sigAlg.contains("SHA1") || sigAlg.contains("MD5")) {
      findings.add(Finding.error("certificate-weak-signature", "certificate is signed with " + leaf.getSigAlgName()));
    }
    return new Result(entries, names, daysLeft, matches, trustProblem == null, trustProblem, findings);
  }

  /**
   * Null when the chain validates to an anchor; otherwise why not. Expiry is reported separately, so a
   * chain that only fails for being out of date is judged again at a time inside its validity.
   */
  private String trustProblem(List<X509Certificate> chain) {
    if (anchors.isEmpty()) {
      return "no trust anchors available";
    }
    String problem = validate(chain, now);
    if (problem != null && problem.startsWith("expired:")) {
      Instant inside = chain.get(0).getNotAfter().toInstant().minusSeconds(1);
      problem = validate(chain, inside);
    }
    return problem;
  }

  private String validate(List<X509Certificate> chain, Instant at) {
    try {
      // Drop a root the server sent along: anchors come from the trust store, never from the peer.
      List<X509Certificate> path = new ArrayList<>(chain);
      while (path.size() > 1 && isSelfSigned(path.getLast())) {
        path.removeLast();
      }
      var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(at));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return null;
    } catch (CertPathValidatorException e) {
      if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
          || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
        return "expired: " + e.getMessage();
      }
      if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
        return "no trusted CA issued " + chain.getLast().getIssuerX500Principal().getName();
      }
      return e.getMessage();
    } catch (GeneralSecurityException e) {
      return e.getMessage();
    }
  }

  static boolean isSelfSigned(X509Certificate c) {
    if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
      return false;
    }
    try {
      c.verify(c.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static ChainEntry entry(X509Certificate c) {
    return new ChainEntry(c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
        c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), keyDescription(c), c.getSigAlgName(),
        sha256(c));
  }

  static String keyDescription(X509Certificate c) {
    if (c.getPublicKey() instanceof RSAPublicKey rsa) {
      return "RSA " + rsa.getModulus().bitLength();
    }
    if (c.getPublicKey() instanceof ECPublicKey ec) {
      return "EC " + ec.getParams().getCurve().getField().getFieldSize();
    }
    return c.getPublicKey().getAlgorithm();
  }

  static String sha256(X509Certificate c) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<X509Certificate> systemAnchors() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (var tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          return List.of(x.getAcceptedIssuers());
        }
      }
      return List.of();
    } catch (GeneralSecurityException e) {
      return List.of();
    }
  }
}
