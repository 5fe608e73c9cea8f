package dev.sealpost.tls;

import dev.sealpost.tls.CertificateFinding.Severity;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that key material can serve TLS before the server starts with it, and says in plain words what
 * is wrong. ERROR findings mean clients will fail; WARNING findings mean some will, or soon all will.
 */
public final class CertificateChecks {

  /** Let's Encrypt renews at 30 days left; a certificate past that point has missed a renewal. */
  static final Duration EXPIRY_WARNING = Duration.ofDays(30);

  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private CertificateChecks() {}

  /** Findings in order of importance within each check; an empty list never happens (INFO describes the leaf). */
  public static List<CertificateFinding> check(ServerKeyMaterial m, Instant now) {
    List<CertificateFinding> findings = new ArrayList<>();
    X509Certificate leaf = m.leaf();
    String name = subject(leaf);
    if (!KeyPairMatch.matches(m.key(), leaf.getPublicKey())) {
      findings.add(error("the private key (" + m.key().getAlgorithm() + ") does not belong to certificate " + name
          + "; the key file and the certificate file are from different certificates"));
    }
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (notAfter.isBefore(now)) {
      findings.add(error("certificate " + name + " expired on " + DATE.format(notAfter) + "; renew it"));
    } else if (notBefore.isAfter(now)) {
      findings.add(error("certificate " + name + " is not valid before " + DATE.format(notBefore)
          + "; check the system clock or wait"));
    } else if (notAfter.isBefore(now.plus(EXPIRY_WARNING))) {
      long days = Duration.between(now, notAfter).toDays();
      findings.add(warning("certificate " + name + " expires in " + days + (days == 1 ? " day" : " days")
          + ", on " + DATE.format(notAfter) + "; renew it"));
    }
    if (leaf.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      findings.add(warning("certificate " + name + " has a " + rsa.getModulus().bitLength()
          + "-bit RSA key; clients refuse keys shorter than 2048 bits"));
    }
    String names = names(leaf);
    if (names.equals("[]")) {
      findings.add(warning("certificate " + name + " has no subjectAltName; clients match host names only"
          + " against subjectAltName (RFC 6125) and will reject it"));
    }
    checkChain(m.chain(), now, findings);
    findings.add(new CertificateFinding(Severity.INFO, "certificate " + name + " for "
        + names + ", valid until " + DATE.format(notAfter) + ", issued by "
        + leaf.getIssuerX500Principal().getName() + ", " + m.chain().size() + " certificate(s) in the chain"));
    return List.copyOf(findings);
  }

  private static void checkChain(List<X509Certificate> chain, Instant now, List<CertificateFinding> findings) {
    for (int i = 0; i + 1 < chain.size(); i++) {
      X509Certificate cert = chain.get(i);
      X509Certificate next = chain.get(i + 1);
      if (!cert.getIssuerX500Principal().equals(next.getSubjectX500Principal())) {
        findings.add(warning("certificate chain is out of order: certificate " + (i + 1) + " (" + subject(cert)
            + ") was issued by " + cert.getIssuerX500Principal().getName() + ", but certificate " + (i + 2)
            + " is " + subject(next) + "; list the leaf first, then each issuer"));
      }
    }
    for (X509Certificate intermediate : chain.subList(1, chain.size())) {
      Instant notAfter = intermediate.getNotAfter().toInstant();
      if (notAfter.isBefore(now)) {
        findings.add(warning("intermediate certificate " + subject(intermediate) + " expired on "
            + DATE.format(notAfter) + "; get the current chain from your certificate authority"));
      }
    }
  }

  private static String names(X509Certificate c) {
    try {
      return SubjectAltNames.of(c).toString();
    } catch (IllegalArgumentException e) {
      return "(unreadable subjectAltName: " + e.getMessage() + ")";
    }
  }

  private static String subject(X509Certificate c) {
    return "'" + c.getSubjectX500Principal().getName() + "'";
  }

  private static CertificateFinding error(String message) {
    return new CertificateFinding(Severity.ERROR, message);
  }

  private static CertificateFinding warning(String message) {
    return new CertificateFinding(Severity.WARNING, message);
  }
}
