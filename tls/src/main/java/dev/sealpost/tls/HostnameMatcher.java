package dev.sealpost.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * RFC 6125 §6 host name checks as SMTP uses them (RFC 7817): the reference identifier is a DNS-ID matched
 * against dNSName entries of subjectAltName; a wildcard counts only as the whole left-most label and never
 * matches across dots ({@code *.example.com} matches {@code mx.example.com}, not {@code a.b.example.com}
 * nor {@code example.com}); IP addresses match only iPAddress entries; the CN is consulted only when the
 * certificate has no subjectAltName at all (§6.4.4).
 */
public final class HostnameMatcher {

  private static final int DNS_NAME = 2;
  private static final int IP_ADDRESS = 7;

  private HostnameMatcher() {}

  public static boolean matches(X509Certificate certificate, String host) {
    String reference = SubjectAltNames.normalize(host);
    boolean ip = SubjectAltNames.isIpLiteral(reference);
    List<List<?>> entries = subjectAltNames(certificate);
    if (entries.isEmpty()) {
      return !ip && commonNames(certificate).stream().anyMatch(cn -> matchesDns(cn, reference));
    }
    for (List<?> entry : entries) {
      int type = (Integer) entry.get(0);
      String value = (String) entry.get(1);
      if (ip && type == IP_ADDRESS && SubjectAltNames.normalize(value).equals(reference)) {
        return true;
      }
      if (!ip && type == DNS_NAME && matchesDns(value, reference)) {
        return true;
      }
    }
    return false;
  }

  /** The names in the certificate, for error messages. */
  public static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    for (List<?> entry : subjectAltNames(certificate)) {
      names.add(String.valueOf(entry.get(1)));
    }
    if (names.isEmpty()) {
      commonNames(certificate).forEach(cn -> names.add("CN=" + cn));
    }
    return names;
  }

  public static boolean matchesDns(String pattern, String reference) {
    String p = pattern.toLowerCase(Locale.ROOT);
    if (p.endsWith(".")) {
      p = p.substring(0, p.length() - 1);
    }
    if (!p.contains("*")) {
      return p.equals(reference);
    }
    if (!p.startsWith("*.") || p.indexOf('*', 1) >= 0) {
      return false; // partial-label wildcards (f*.example.com) are refused (RFC 6125 §7.2)
    }
    String suffix = p.substring(1); // ".example.com"
    if (suffix.indexOf('.', 1) < 0) {
      return false; // "*.com" would cover a whole public suffix
    }
    int firstDot = reference.indexOf('.');
    return firstDot > 0 && reference.substring(firstDot).equals(suffix);
  }

  private static List<List<?>> subjectAltNames(X509Certificate certificate) {
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      List<List<?>> out = new ArrayList<>();
      if (entries != null) {
        for (List<?> e : entries) {
          int type = (Integer) e.get(0);
          if (type == DNS_NAME || type == IP_ADDRESS) {
            out.add(e);
          }
        }
      }
      return out;
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private static List<String> commonNames(X509Certificate certificate) {
    try {
      List<String> cns = new ArrayList<>();
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cns.add(rdn.getValue().toString());
        }
      }
      return cns;
    } catch (InvalidNameException e) {
      return List.of();
    }
  }
}
